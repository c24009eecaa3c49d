package org.openiwd.demo;

/** One line per demo step, so a person sees what the demo is doing while it works. */
final class Progress {

    private static long stepStarted;

    private Progress() {
    }

    static void step(String what) {
        stepStarted = System.nanoTime();
        System.out.println("==> " + what + " ...");
    }

    static void done(String result) {
        System.out.printf("    %s (%.1f s)%n", result, (System.nanoTime() - stepStarted) / 1e9);
    }
}
