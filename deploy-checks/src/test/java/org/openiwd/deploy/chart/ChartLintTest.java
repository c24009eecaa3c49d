package org.openiwd.deploy.chart;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.openiwd.deploy.Command;

/** {@code helm lint --strict}: warnings fail too. */
class ChartLintTest {

    @Test
    void theChartLintsStrictlyWithItsDefaultValues() {
        assertClean(Helm.lint());
    }

    @Test
    void theChartLintsStrictlyWithEveryFeatureOn() {
        assertClean(Helm.lint("-f", Helm.fullValues().toString()));
    }

    @Test
    void lintFailsOnAValueTheSchemaRefuses() {
        Command result = Helm.lint("--set", "api.replicas=two");
        assertThat(result.exit()).as(result.output()).isNotZero();
        assertThat(result.output()).contains("/api/replicas");
    }

    private static void assertClean(Command result) {
        assertThat(result.exit()).as(result.output()).isZero();
        assertThat(result.output()).contains("0 chart(s) failed").doesNotContain("[WARNING]", "[ERROR]");
    }
}
