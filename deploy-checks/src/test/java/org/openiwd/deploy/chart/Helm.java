package org.openiwd.deploy.chart;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.openiwd.deploy.Command;
import org.openiwd.deploy.Repository;

/**
 * The chart through the real {@code helm} binary (Helm 4, offline): {@code lint} and {@code template}. Rendering
 * is client-side, so the cluster's API versions are what {@code --api-versions} says, as a CI render would see them.
 */
public final class Helm {

    public static final String RELEASE = "prod";
    public static final String NAMESPACE = "iwd";
    public static final String MONITORING_API = "monitoring.coreos.com/v1";

    private Helm() {
    }

    public static Command lint(String... args) {
        List<String> command = new ArrayList<>(List.of(Repository.helm().toString(), "lint", "--strict",
                Repository.chart().toString()));
        command.addAll(List.of(args));
        return Command.run(command);
    }

    /** {@code helm template}; the exit code and output are the caller's to judge (a wrong value must fail). */
    public static Command template(String... args) {
        List<String> command = new ArrayList<>(List.of(Repository.helm().toString(), "template", RELEASE,
                Repository.chart().toString(), "--namespace", NAMESPACE));
        command.addAll(List.of(args));
        return Command.run(command);
    }

    /** {@code helm install --dry-run=client}: what a user sees after installing, NOTES.txt included, offline. */
    public static Command installDryRun(String... args) {
        List<String> command = new ArrayList<>(List.of(Repository.helm().toString(), "install", RELEASE,
                Repository.chart().toString(), "--namespace", NAMESPACE, "--dry-run=client"));
        command.addAll(List.of(args));
        return Command.run(command);
    }

    /** Renders and parses; fails the test when helm fails. */
    public static Manifests render(String... args) {
        Command result = template(args);
        assertThat(result.exit()).as("helm template %s\n%s", List.of(args), result.output()).isZero();
        return Manifests.parse(result.output());
    }

    public static Manifests renderDefault(String... args) {
        return render(args);
    }

    public static Manifests renderFull(String... args) {
        List<String> all = new ArrayList<>(List.of("-f", Repository.fullValues().toString()));
        all.addAll(List.of(args));
        return render(all.toArray(String[]::new));
    }

    public static Path fullValues() {
        return Repository.fullValues();
    }
}
