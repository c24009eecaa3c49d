package org.openiwd.etl.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/** The hash the command prints is one the console accepts for that password; an empty password is refused. */
class PasswordHashCommandTest {

    @Test
    void printsABcryptHashOfTheFirstLine() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = PasswordHashCommand.run(new ByteArrayInputStream("s3cret pass\nignored\n".getBytes(
                StandardCharsets.UTF_8)), new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        String hash = out.toString(StandardCharsets.UTF_8).strip();
        assertThat(status).isZero();
        assertThat(hash).startsWith("$2a$10$");
        assertThat(new BCryptPasswordEncoder().matches("s3cret pass", hash)).isTrue();
    }

    @Test
    void refusesAnEmptyPassword() throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertThat(PasswordHashCommand.run(new ByteArrayInputStream(new byte[0]), System.out,
                new PrintStream(err, true, StandardCharsets.UTF_8))).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("standard input");
    }
}
