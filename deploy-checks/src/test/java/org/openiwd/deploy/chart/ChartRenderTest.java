package org.openiwd.deploy.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openiwd.deploy.chart.Manifests.at;
import static org.openiwd.deploy.chart.Manifests.map;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * What {@code helm template} renders, object by object: the resources of the default and the full-featured values,
 * the hardening of every pod, the probes, where each credential comes from, the CronJob mode, and the Prometheus
 * Operator objects following the cluster's API versions.
 */
class ChartRenderTest {

    static final List<String> DEFAULT_RESOURCES = List.of(
            "NetworkPolicy/prod-iwd-default-deny", "NetworkPolicy/prod-iwd-management", "NetworkPolicy/prod-iwd-backends",
            "NetworkPolicy/prod-iwd-api", "NetworkPolicy/prod-iwd-console", "NetworkPolicy/prod-iwd-email",
            "PodDisruptionBudget/prod-iwd-api", "PodDisruptionBudget/prod-iwd-etl",
            "ServiceAccount/prod-iwd",
            "Secret/prod-iwd-credentials", "Secret/prod-iwd-console-users",
            "ConfigMap/prod-iwd-api", "ConfigMap/prod-iwd-etl", "ConfigMap/prod-iwd-email",
            "ConfigMap/prod-iwd-dashboard-api", "ConfigMap/prod-iwd-dashboard-datamart",
            "ConfigMap/prod-iwd-dashboard-email",
            "Service/prod-iwd-api", "Service/prod-iwd-email", "Service/prod-iwd-etl",
            "Deployment/prod-iwd-api", "Deployment/prod-iwd-email", "Deployment/prod-iwd-etl",
            "HorizontalPodAutoscaler/prod-iwd-api");

    @Test
    void defaultValuesRenderThePlatformWithoutOperatorObjectsOnAClusterWithoutTheirApi() {
        Manifests manifests = Helm.renderDefault();
        System.out.println("default values:\n  " + String.join("\n  ", manifests.kindsAndNames()));
        assertThat(manifests.kindsAndNames()).containsExactlyInAnyOrderElementsOf(DEFAULT_RESOURCES);
    }

    @Test
    void fullValuesRenderIngressesCronJobsMonitorsRulesAndDashboards() {
        Manifests manifests = Helm.renderFull();
        System.out.println("full values:\n  " + String.join("\n  ", manifests.kindsAndNames()));
        assertThat(manifests.kindsAndNames())
                .contains("Ingress/prod-iwd-api", "Ingress/prod-iwd-console", "PrometheusRule/prod-iwd",
                        "ServiceMonitor/prod-iwd-api", "ServiceMonitor/prod-iwd-etl", "ServiceMonitor/prod-iwd-email",
                        "PodDisruptionBudget/prod-iwd-email", "Deployment/prod-iwd-etl")
                .doesNotContain("Secret/prod-iwd-credentials")   // every credential comes from an existingSecret
                .filteredOn(n -> n.startsWith("CronJob/")).hasSize(5);   // tenant 100: 2 default jobs; Tenant_B: 3
    }

    @Test
    void everyPodRunsAsNonRootOnAReadOnlyRootWithAllCapabilitiesDroppedAndAWritableTmp() {
        Map<String, Map<String, Object>> pods = Helm.renderFull().podSpecs();
        assertThat(pods).hasSize(3 + 5);
        pods.forEach((name, pod) -> {
            assertThat((Boolean) at(pod, "securityContext.runAsNonRoot")).as(name).isTrue();
            assertThat((Integer) at(pod, "securityContext.runAsUser")).as(name).isEqualTo(10001);
            assertThat((Boolean) at(pod, "automountServiceAccountToken")).as(name).isFalse();
            assertThat(at(pod, "volumes.0.name").toString()).as(name).isEqualTo("tmp");
            assertThat(map(pod, "volumes.0")).as(name).containsKey("emptyDir");
            List<Map<String, Object>> containers = at(pod, "containers");
            for (Map<String, Object> c : containers) {
                assertThat((Boolean) at(c, "securityContext.readOnlyRootFilesystem")).as(name).isTrue();
                assertThat((Boolean) at(c, "securityContext.runAsNonRoot")).as(name).isTrue();
                assertThat((Boolean) at(c, "securityContext.allowPrivilegeEscalation")).as(name).isFalse();
                assertThat((List<String>) at(c, "securityContext.capabilities.drop")).as(name).containsExactly("ALL");
                assertThat((List<Map<String, Object>>) at(c, "volumeMounts"))
                        .as(name).anySatisfy(m -> assertThat(m).containsEntry("mountPath", "/tmp"));
                assertThat(map(c, "resources")).as(name).containsKeys("requests", "limits");
            }
        });
    }

    @Test
    void longRunningPodsProbeTheHealthGroupsOnTheManagementPort10052() {
        Manifests manifests = Helm.renderDefault();
        for (Map<String, Object> deployment : manifests.ofKind("Deployment")) {
            Map<String, Object> container = map(deployment, "spec.template.spec.containers.0");
            String name = Manifests.name(deployment);
            assertThat((List<Map<String, Object>>) at(container, "ports")).as(name)
                    .anySatisfy(p -> assertThat(p).containsEntry("name", "management").containsEntry("containerPort", 10052));
            assertThat(at(container, "startupProbe.httpGet.path").toString()).as(name).isEqualTo("/actuator/health/liveness");
            assertThat(at(container, "livenessProbe.httpGet.path").toString()).as(name).isEqualTo("/actuator/health/liveness");
            assertThat(at(container, "readinessProbe.httpGet.path").toString()).as(name).isEqualTo("/actuator/health/readiness");
            for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
                assertThat(at(container, probe + ".httpGet.port").toString()).as(name).isEqualTo("management");
            }
        }
        assertThat(at(manifests.get("Deployment", "prod-iwd-api"), "spec.template.spec.containers.0.ports.0.containerPort")
                .toString()).isEqualTo("4024");
        assertThat(at(manifests.get("Deployment", "prod-iwd-etl"), "spec.template.spec.containers.0.ports.0.containerPort")
                .toString()).isEqualTo("8080");
        assertThat(at(manifests.get("ConfigMap", "prod-iwd-email"), "data.SERVER_PORT").toString()).isEqualTo("10052");
    }

    @Test
    void everyCredentialIsReadFromTheExistingSecretWhenOneIsNamed() {
        Manifests manifests = Helm.renderFull();
        assertThat(secretRefs(manifests, "Deployment", "prod-iwd-api")).containsOnly(
                Map.entry("IWD_DB_PASSWORD", "iwd-db/password"),
                Map.entry("IWD_REDIS_URL", "iwd-redis/url"),
                Map.entry("SPRING_ELASTICSEARCH_PASSWORD", "iwd-elasticsearch/password"),
                Map.entry("IWD_ADMIN_API_KEY", "iwd-keys/admin"),
                Map.entry("IWD_DATAMART_API_KEY", "iwd-keys/datamart"),
                Map.entry("IWD_EMAIL_API_KEY", "iwd-keys/email"),
                Map.entry("IWD_MAILBOX_ENCRYPTION_KEY", "iwd-keys/mailbox-encryption"),
                Map.entry("IWD_MAILBOX_PREVIOUS_ENCRYPTION_KEYS", "iwd-keys/previous-mailbox-encryption"));
        assertThat(secretRefs(manifests, "Deployment", "prod-iwd-etl")).containsOnly(
                Map.entry("IWDDM_DB_PASSWORD", "iwddm-db/password"),
                Map.entry("GIM_DB_PASSWORD", "gim-db/password"),
                Map.entry("IWD_DATAMART_API_KEY", "iwd-keys/datamart"));
        assertThat(secretRefs(manifests, "Deployment", "prod-iwd-email"))
                .containsOnly(Map.entry("IWD_EMAIL_API_KEY", "iwd-keys/email"), Map.entry("IWD_REDIS_URL", "iwd-redis/url"));
        // The values file names the console users, so the chart renders their Secret and the pod mounts it.
        assertThat(at(manifests.get("Deployment", "prod-iwd-etl"), "spec.template.spec.volumes.1.secret.secretName")
                .toString()).isEqualTo("prod-iwd-console-users");
        assertThat(map(manifests.get("Secret", "prod-iwd-console-users"), "stringData").get("console-users.yml")
                .toString()).contains("role: ADMIN").contains("password-hash: \"$2a$12$");
    }

    @Test
    void withoutExistingSecretsTheChartsOwnSecretHoldsEveryCredentialAndGeneratesTheKeys() {
        Manifests manifests = Helm.renderDefault("--set", "etlJobs.console.existingSecret=console-users");
        Map<String, Object> data = map(manifests.get("Secret", "prod-iwd-credentials"), "data");
        assertThat(data).containsOnlyKeys("iwd-db-password", "iwddm-db-password", "gim-db-password", "redis-url",
                "admin-api-key", "datamart-api-key", "email-api-key", "mailbox-encryption-key");
        assertThat(java.util.Base64.getDecoder().decode(java.util.Base64.getDecoder()
                .decode(data.get("mailbox-encryption-key").toString()))).as("AES-256 key").hasSize(32);
        assertThat(new String(java.util.Base64.getDecoder().decode(data.get("admin-api-key").toString())))
                .matches("[A-Za-z0-9]{48}");
        assertThat(secretRefs(manifests, "Deployment", "prod-iwd-api"))
                .containsEntry("IWD_MAILBOX_ENCRYPTION_KEY", "prod-iwd-credentials/mailbox-encryption-key");
        assertThat(manifests.find("Secret", "prod-iwd-console-users")).isEmpty();
        assertThat(at(manifests.get("Deployment", "prod-iwd-etl"), "spec.template.spec.volumes.1.secret.secretName")
                .toString()).isEqualTo("console-users");
    }

    @Test
    void cronJobModeRunsEachTenantsJobsOnceWithoutOverlapAndPushesToThePushgateway() {
        Manifests manifests = Helm.renderFull();
        List<Map<String, Object>> cronJobs = manifests.ofKind("CronJob");
        assertThat(cronJobs).extracting(c -> at(c, "spec.jobTemplate.spec.template.spec.containers.0.args"))
                .containsExactlyInAnyOrder(
                        List.of("--run-once=intraday", "--tenant=100"), List.of("--run-once=nightly", "--tenant=100"),
                        List.of("--run-once=intraday", "--tenant=Tenant_B"),
                        List.of("--run-once=loadAgents", "--tenant=Tenant_B"),
                        List.of("--run-once=nightly", "--tenant=Tenant_B"));
        for (Map<String, Object> cronJob : cronJobs) {
            String name = Manifests.name(cronJob);
            assertThat(name).hasSizeLessThanOrEqualTo(52).matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
            assertThat(at(cronJob, "spec.concurrencyPolicy").toString()).as(name).isEqualTo("Forbid");
            assertThat(at(cronJob, "spec.jobTemplate.spec.backoffLimit").toString()).as(name).isEqualTo("0");
            Map<String, Object> container = map(cronJob, "spec.jobTemplate.spec.template.spec.containers.0");
            assertThat(container).doesNotContainKeys("livenessProbe", "readinessProbe", "ports");
            List<Map<String, Object>> env = at(container, "env");
            assertThat(env).anySatisfy(e -> assertThat(e).containsEntry("name", "IWD_PUSHGATEWAY_ADDRESS")
                    .containsEntry("value", "pushgateway.monitoring.svc:9091"));
            assertThat(env).filteredOn(e -> "IWD_DATAMART_API_KEY".equals(e.get("name"))).as(name).hasSize(1);
        }
        Map<String, Object> tenantB = cronJobs.stream()
                .filter(c -> "Tenant_B".equals(map(c, "metadata.annotations").get("iwd.openiwd.org/tenant")))
                .findFirst().orElseThrow();
        assertThat(secretRefs(map(tenantB, "spec.jobTemplate.spec.template.spec")))
                .as("the tenant's own datamart key replaces the cluster key")
                .containsEntry("IWD_DATAMART_API_KEY", "tenant-b-keys/datamart-api-key");
        assertThat(map(manifests.get("ConfigMap", "prod-iwd-etl"), "data"))
                .as("the Deployment keeps the console but schedules nothing")
                .containsEntry("IWD_ETL_SCHEDULING_ENABLED", "false").containsEntry("SPRING_QUARTZ_AUTOSTARTUP", "false");
    }

    @Test
    void operatorObjectsFollowTheClustersApiVersionsUnlessTheValuesDecide() {
        assertThat(Helm.renderDefault("--api-versions", Helm.MONITORING_API).kindsAndNames())
                .contains("PrometheusRule/prod-iwd", "ServiceMonitor/prod-iwd-api", "ServiceMonitor/prod-iwd-etl",
                        "ServiceMonitor/prod-iwd-email");
        assertThat(Helm.renderDefault().kindsAndNames()).noneMatch(n -> n.startsWith("PrometheusRule/")
                || n.startsWith("ServiceMonitor/"));
        assertThat(Helm.renderDefault("--api-versions", Helm.MONITORING_API, "--set",
                "monitoring.prometheusOperator=false").kindsAndNames())
                .noneMatch(n -> n.startsWith("PrometheusRule/") || n.startsWith("ServiceMonitor/"));
        assertThat(Helm.renderDefault("--set", "monitoring.prometheusOperator=true", "--set",
                "monitoring.monitorKind=PodMonitor").kindsAndNames())
                .contains("PodMonitor/prod-iwd", "PrometheusRule/prod-iwd")
                .noneMatch(n -> n.startsWith("ServiceMonitor/"));
    }

    @Test
    void monitorsScrapeTheManagementPortOfEveryServiceThatTheServicesExpose() {
        Manifests manifests = Helm.renderFull();
        for (Map<String, Object> monitor : manifests.ofKind("ServiceMonitor")) {
            String name = Manifests.name(monitor);
            Map<String, Object> selector = map(monitor, "spec.selector.matchLabels");
            Map<String, Object> service = manifests.ofKind("Service").stream()
                    .filter(s -> map(s, "spec.selector").equals(selector)).findFirst()
                    .orElseThrow(() -> new AssertionError(name + " selects no Service"));
            assertThat(map(service, "metadata.labels")).as(name).containsAllEntriesOf(selector);
            assertThat((List<Map<String, Object>>) at(service, "spec.ports")).as(name)
                    .anySatisfy(p -> assertThat(p).containsEntry("name", "management").containsEntry("port", 10052));
            assertThat(at(monitor, "spec.endpoints.0.port").toString()).isEqualTo("management");
            assertThat(at(monitor, "spec.endpoints.0.path").toString()).isEqualTo("/actuator/prometheus");
            assertThat(map(monitor, "metadata.labels")).containsEntry("release", "kube-prometheus-stack");
        }
    }

    @Test
    void dashboardsAreConfigMapsWithTheSidecarLabelHoldingValidGrafanaJson() throws Exception {
        Manifests manifests = Helm.renderDefault();
        for (String dashboard : List.of("api", "datamart", "email")) {
            Map<String, Object> configMap = manifests.get("ConfigMap", "prod-iwd-dashboard-" + dashboard);
            assertThat(map(configMap, "metadata.labels")).containsEntry("grafana_dashboard", "1");
            String json = map(configMap, "data").get("iwd-" + dashboard + ".json").toString();
            var tree = tools.jackson.databind.json.JsonMapper.builder().build().readTree(json);
            assertThat(tree.get("uid").asString()).isEqualTo("iwd-" + dashboard);
            assertThat(tree.get("panels").size()).isGreaterThanOrEqualTo(4);
        }
    }

    private static Map<String, String> secretRefs(Manifests manifests, String kind, String name) {
        return secretRefs(map(manifests.get(kind, name), "spec.template.spec"));
    }

    private static Map<String, String> secretRefs(Map<String, Object> podSpec) {
        Map<String, String> refs = new java.util.LinkedHashMap<>();
        List<Map<String, Object>> env = at(podSpec, "containers.0.env");
        for (Map<String, Object> e : env) {
            if (e.get("valueFrom") instanceof Map<?, ?> from && from.get("secretKeyRef") instanceof Map<?, ?> ref) {
                refs.put(e.get("name").toString(), ref.get("name") + "/" + ref.get("key"));
            }
        }
        return refs;
    }
}
