package org.openiwd.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** {@code ./iwd demo} keeps its promise: it exits 0 and prints a report that matches what it replayed. */
class DemoMainTest {

    @Test
    void theDemoReplaysADayAndPrintsAMatchingReport() {
        PrintStream console = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        int status;
        try {
            status = DemoMain.runDemo();
        }
        finally {
            System.setOut(console);
        }
        String output = captured.toString(StandardCharsets.UTF_8);
        console.print(output);
        assertThat(status).isZero();
        assertThat(output).contains("Data Mart report: task volumes by 15-minute interval")
                .contains("Check: the report's created, completed, canceled and rejected equal what the replay did.")
                .containsPattern("total\\s+555\\s")
                // The day aggregates nightly wrote, and an agent named from the Info Mart.
                .containsPattern("Address change\\s+144\\s+144\\s+144\\s+114\\s")
                .containsPattern("Eva Novak\\s+88\\s+74\\s");
    }
}
