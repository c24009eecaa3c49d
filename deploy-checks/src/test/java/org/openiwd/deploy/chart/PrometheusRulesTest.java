package org.openiwd.deploy.chart;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openiwd.deploy.Command;
import org.openiwd.deploy.Repository;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The rendered PrometheusRule's groups through Prometheus' own {@code promtool}: {@code check rules} (syntax, PromQL,
 * templates of the annotations) and {@code test rules} with the unit tests in {@code src/test/resources/alerts},
 * which feed series to the real rule engine and say which alerts must fire and which must not.
 */
class PrometheusRulesTest {

    @TempDir
    Path dir;

    @Test
    void theRenderedRulesPassPromtoolCheckRules() throws IOException {
        Path rules = renderedRules();
        Command result = Command.run(Command.of(Repository.promtool(), "check", "rules", rules.toString()));
        assertThat(result.exit()).as(result.output()).isZero();
        assertThat(result.output()).contains("SUCCESS");
    }

    @Test
    void everyAlertThatMattersIsThere() throws IOException {
        Map<String, Object> rule = Helm.renderFull().get("PrometheusRule", "prod-iwd");
        List<Map<String, Object>> groups = Manifests.at(rule, "spec.groups");
        List<Object> alerts = groups.stream().flatMap(g -> ((List<Map<String, Object>>) g.get("rules")).stream())
                .map(r -> r.get("alert")).toList();
        assertThat(alerts).containsExactlyInAnyOrder("IwdEtlLagHigh", "IwdEtlJobFailed", "IwdEtlExecutionStuck",
                "IwdEtlEventsQuarantined", "IwdApiErrorRate", "IwdApiLatencyHigh", "IwdSearchOutboxBacklog",
                "IwdElasticsearchUnreachable", "IwdRedisUnavailable", "IwdTargetDown", "IwdEmailInboundErrorRate",
                "IwdEmailOutboundErrorRate", "IwdEmailConnectionDown", "IwdDataMartCronJobLate",
                "IwdDataMartCronJobFailed");
    }

    @Test
    void theAlertsFireOnTheSeriesTheyAreFor() throws IOException {
        Path rules = renderedRules();
        Path tests = dir.resolve("alerts-test.yml");
        String text = new String(getClass().getResourceAsStream("/alerts/alerts-test.yml").readAllBytes(),
                java.nio.charset.StandardCharsets.UTF_8);
        Files.writeString(tests, text.replace("RULES_FILE", rules.toString()));
        Command result = Command.run(Command.of(Repository.promtool(), "test", "rules", tests.toString()));
        assertThat(result.exit()).as(result.output()).isZero();
        assertThat(result.output()).contains("SUCCESS");
    }

    /** The rule groups of the full values (CronJob mode on) as a plain Prometheus rule file. */
    private Path renderedRules() throws IOException {
        Map<String, Object> rule = Helm.renderFull().get("PrometheusRule", "prod-iwd");
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        Path file = dir.resolve("rules.yml");
        Files.writeString(file, new Yaml(options).dump(Map.of("groups", Manifests.at(rule, "spec.groups"))));
        return file;
    }
}
