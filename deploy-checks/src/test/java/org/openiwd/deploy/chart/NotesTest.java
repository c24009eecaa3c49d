package org.openiwd.deploy.chart;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.openiwd.deploy.Command;

/** NOTES.txt, as {@code helm install} prints it: what to do next, for the install at hand. */
class NotesTest {

    @Test
    void aDefaultInstallTellsHowToReachTheApiReadTheGeneratedKeyAndThatNothingScrapesIt() {
        String notes = notes(Helm.installDryRun());
        assertThat(notes)
                .contains("kubectl -n iwd rollout status deployment/prod-iwd-api deployment/prod-iwd-etl deployment/prod-iwd-email")
                .contains("kubectl -n iwd port-forward service/prod-iwd-api 4024:4024")
                .contains("get secret prod-iwd-credentials -o jsonpath='{.data.admin-api-key}'")
                .contains("WARNING: iwdDatabase has no password")
                .contains("No console user is configured")
                .contains("serves no monitoring.coreos.com/v1")
                .contains("mailbox-encryption-key");
    }

    @Test
    void aFullInstallPointsAtItsIngressesSecretsCronJobsAndMonitors() {
        String notes = notes(Helm.installDryRun("-f", Helm.fullValues().toString()));
        assertThat(notes)
                .contains("https://iwd.example.com/iwd/v3")
                .contains("https://iwd-console.example.com/console")
                .contains("get secret iwd-keys -o jsonpath='{.data.admin}'")
                .contains("CronJob mode: 2 tenant(s)")
                .contains("ServiceMonitors and the PrometheusRule prod-iwd are installed")
                .contains("release=kube-prometheus-stack")
                .doesNotContain("WARNING", "No console user", "mailbox-encryption-key");
    }

    private static String notes(Command install) {
        assertThat(install.exit()).as(install.output()).isZero();
        int start = install.output().indexOf("NOTES:");
        assertThat(start).as(install.output()).isNotNegative();
        return install.output().substring(start);
    }
}
