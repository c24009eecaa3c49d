package org.openiwd.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the checks find what they check and the tools they check it with: the repository (system property
 * {@code iwd.repository}, set by the module's Surefire configuration), the chart in {@code helm/iwd}, and the tools
 * that {@code ./iwd services start} installs into {@code .iwd/tools} (the static {@code helm} binary, the Node
 * packages {@code kubernetes-models} and {@code @kubernetes-models/prometheus-operator}). A missing tool fails the
 * check with what to run; it never skips it.
 */
public final class Repository {

    private Repository() {
    }

    public static Path root() {
        String property = System.getProperty("iwd.repository");
        Path root = (property != null ? Path.of(property) : Path.of("..")).toAbsolutePath().normalize();
        assertThat(root.resolve("helm/iwd/Chart.yaml")).as("the repository root").exists();
        return root;
    }

    public static Path chart() {
        return root().resolve("helm/iwd");
    }

    public static Path fullValues() {
        return chart().resolve("ci/full-values.yaml");
    }

    public static Path helm() {
        return tool("helm/helm");
    }

    /** The folder whose {@code node_modules} holds the schema packages. */
    public static Path nodePackages() {
        Path dir = tools().resolve("node");
        assertThat(dir.resolve("node_modules/kubernetes-models/package.json"))
                .as("kubernetes-models under %s: run ./iwd services start, which installs it", dir).exists();
        return dir;
    }

    public static Path node() {
        return Files.isExecutable(Path.of("/usr/bin/node")) ? Path.of("/usr/bin/node") : Path.of("node");
    }

    public static Path promtool() {
        Path promtool = Path.of("/usr/bin/promtool");
        assertThat(promtool).as("promtool (Debian prometheus): run ./iwd services start, which installs it")
                .isExecutable();
        return promtool;
    }

    private static Path tool(String relative) {
        Path path = tools().resolve(relative);
        assertThat(path).as("%s: run ./iwd services start, which installs it", path).isExecutable();
        return path;
    }

    private static Path tools() {
        return root().resolve(".iwd/tools");
    }
}
