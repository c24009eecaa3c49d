package org.openiwd.etl.console;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * {@code java -jar etl-jobs.jar --hash-password}: reads a password from the first line of standard input and prints
 * its bcrypt hash, for {@code iwd.console.users[N].password-hash}; starts nothing else. Exit 0, or 2 for an empty
 * password.
 */
public final class PasswordHashCommand {

    public static final String OPTION = "--hash-password";

    private PasswordHashCommand() {
    }

    public static boolean requested(String[] args) {
        return Arrays.asList(args).contains(OPTION);
    }

    public static int run(InputStream in, PrintStream out, PrintStream err) throws IOException {
        String password = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
        if (password == null || password.isEmpty()) {
            err.println("hash-password: give the password on standard input, e.g."
                    + " echo 'secret' | java -jar etl-jobs.jar --hash-password");
            return 2;
        }
        out.println(new BCryptPasswordEncoder(10).encode(password));
        return 0;
    }
}
