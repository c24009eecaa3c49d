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

import tools.jackson.databind.json.JsonMapper;

/**
 * Every rendered object validated against its schema by Node: the Kubernetes OpenAPI schemas of npm
 * {@code kubernetes-models} for built-in kinds, and the Prometheus Operator CRD schemas of
 * {@code @kubernetes-models/prometheus-operator} for ServiceMonitor, PodMonitor and PrometheusRule. A kind without
 * a schema counts as a failure, so nothing passes unchecked.
 */
class KubernetesSchemaTest {

    @TempDir
    Path dir;

    @Test
    void everyObjectOfTheDefaultValuesMatchesItsKubernetesSchema() throws IOException {
        assertValid(Helm.renderDefault());
    }

    @Test
    void everyObjectOfTheFullValuesMatchesItsKubernetesOrCrdSchema() throws IOException {
        Manifests manifests = Helm.renderFull();
        assertThat(manifests.kindsAndNames()).anyMatch(n -> n.startsWith("PrometheusRule/"))
                .anyMatch(n -> n.startsWith("ServiceMonitor/")).anyMatch(n -> n.startsWith("CronJob/"));
        assertValid(manifests);
    }

    @Test
    void thePodMonitorVariantMatchesItsCrdSchema() throws IOException {
        Manifests manifests = Helm.renderDefault("--api-versions", Helm.MONITORING_API, "--set",
                "monitoring.monitorKind=PodMonitor");
        assertThat(manifests.kindsAndNames()).contains("PodMonitor/prod-iwd");
        assertValid(manifests);
    }

    @Test
    void theValidatorRefusesObjectsThatBreakTheirSchemas() throws IOException {
        Map<String, Object> deployment = new java.util.HashMap<>(Helm.renderDefault().get("Deployment", "prod-iwd-api"));
        deployment.put("spec", Map.of("replicas", "two", "template", Map.of()));
        Map<String, Object> monitor = Map.of("apiVersion", "monitoring.coreos.com/v1", "kind", "ServiceMonitor",
                "metadata", Map.of("name", "broken"), "spec", Map.of("endpoints", List.of(Map.of("port", 10052))));
        Map<String, Object> unknown = Map.of("apiVersion", "example.com/v1", "kind", "Widget",
                "metadata", Map.of("name", "w"));
        Command result = validate(List.of(deployment, monitor, unknown));
        assertThat(result.exit()).as(result.output()).isNotZero();
        assertThat(result.output())
                .contains("invalid Deployment prod-iwd-api").contains("required property selector")
                .contains("invalid ServiceMonitor broken").contains("must be string")
                .contains("unknown Widget w");
    }

    private void assertValid(Manifests manifests) throws IOException {
        Command result = validate(manifests.objects());
        assertThat(result.exit()).as(result.output()).isZero();
        assertThat(result.output().lines().filter(l -> l.startsWith("ok "))).hasSize(manifests.objects().size());
    }

    private Command validate(List<Map<String, Object>> objects) throws IOException {
        Path json = dir.resolve("manifests-" + System.nanoTime() + ".json");
        Files.writeString(json, JsonMapper.builder().build().writeValueAsString(objects));
        Path script = Repository.root().resolve("deploy-checks/src/test/node/validate-manifests.mjs");
        return Command.run(Command.of(Repository.node(), script.toString(), json.toString()),
                Map.of("IWD_NODE_MODULES", Repository.nodePackages().toString()), null);
    }
}
