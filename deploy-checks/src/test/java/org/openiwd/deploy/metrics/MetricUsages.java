package org.openiwd.deploy.metrics;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.openiwd.deploy.chart.Manifests;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every metric name the chart's alerts and dashboards use, with where each is used: the {@code expr} of every rule
 * of the rendered PrometheusRules, and every panel target's {@code expr} and templating query of the rendered
 * Grafana dashboard ConfigMaps.
 */
public final class MetricUsages {

    private MetricUsages() {
    }

    /**
     * Metric name to the places using it: "GROUP alert NAME" for a rule ({@code iwd-api alert IwdApiErrorRate}),
     * "UID dashboard: TITLE" for a panel ({@code iwd-api dashboard: Latency percentiles}).
     */
    public static Map<String, Set<String>> of(Manifests manifests) {
        Map<String, Set<String>> usages = new TreeMap<>();
        for (Map<String, Object> rule : manifests.ofKind("PrometheusRule")) {
            List<Map<String, Object>> groups = Manifests.at(rule, "spec.groups");
            for (Map<String, Object> group : groups) {
                for (Map<String, Object> r : (List<Map<String, Object>>) group.get("rules")) {
                    String where = group.get("name") + " "
                            + (r.containsKey("alert") ? "alert " + r.get("alert") : "record " + r.get("record"));
                    add(usages, r.get("expr").toString(), where);
                }
            }
        }
        JsonMapper json = JsonMapper.builder().build();
        for (Map<String, Object> configMap : manifests.ofKind("ConfigMap")) {
            Map<String, Object> labels = Manifests.map(configMap, "metadata.labels");
            if (!labels.containsKey("grafana_dashboard")) {
                continue;
            }
            for (Object text : Manifests.map(configMap, "data").values()) {
                JsonNode dashboard = json.readTree(text.toString());
                String uid = dashboard.get("uid").asString();
                for (JsonNode panel : dashboard.get("panels")) {
                    for (JsonNode target : panel.path("targets")) {
                        add(usages, target.get("expr").asString(),
                                uid + " dashboard: " + panel.get("title").asString());
                    }
                }
                for (JsonNode variable : dashboard.path("templating").path("list")) {
                    JsonNode query = variable.path("query").path("query");
                    if ("query".equals(variable.path("type").asString()) && query.isString()) {
                        add(usages, query.asString(), uid + " dashboard: variable $" + variable.get("name").asString());
                    }
                }
            }
        }
        return usages;
    }

    /** The usages restricted to the places whose description starts with one of {@code prefixes}. */
    public static Map<String, Set<String>> in(Map<String, Set<String>> usages, String... prefixes) {
        Map<String, Set<String>> selected = new TreeMap<>();
        usages.forEach((name, places) -> places.stream()
                .filter(p -> java.util.Arrays.stream(prefixes).anyMatch(p::startsWith))
                .forEach(p -> selected.computeIfAbsent(name, n -> new TreeSet<>()).add(p)));
        return selected;
    }

    private static void add(Map<String, Set<String>> usages, String expression, String where) {
        PromQlMetricNames.of(expression).forEach(name -> usages.computeIfAbsent(name, n -> new TreeSet<>()).add(where));
    }
}
