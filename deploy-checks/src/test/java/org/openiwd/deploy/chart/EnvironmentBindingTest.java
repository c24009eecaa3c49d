package org.openiwd.deploy.chart;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.openiwd.deploy.Repository;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every environment variable the chart gives a service is one that service reads: a {@code ${NAME}} placeholder of
 * its own {@code NAME.yml}, or the environment form (upper case, {@code .} to {@code _}, {@code -} dropped) of a
 * configuration property its build declares ({@code target/classes/META-INF/spring-configuration-metadata.json})
 * or Spring Boot's jars declare. A misspelt variable would otherwise be ignored in silence in the cluster.
 */
class EnvironmentBindingTest {

    /** Read by the JVM itself, not by Spring. */
    static final Set<String> JVM = Set.of("JAVA_TOOL_OPTIONS");

    @ParameterizedTest(name = "{0}")
    @CsvSource({"iwd-api, prod-iwd-api", "etl-jobs, prod-iwd-etl", "email-ingest, prod-iwd-email"})
    void everyVariableTheChartSetsIsOneTheServiceReads(String module, String deployment) throws IOException {
        // Full values with CronJob mode, and the variables of Elasticsearch credentials and the Pushgateway.
        Manifests manifests = Helm.renderFull();
        Set<String> given = new TreeSet<>();
        Map<String, Object> pod = Manifests.map(manifests.get("Deployment", deployment), "spec.template.spec");
        given.addAll(Manifests.map(manifests.get("ConfigMap", deployment), "data").keySet());
        List<Map<String, Object>> env = Manifests.at(pod, "containers.0.env");
        env.forEach(e -> given.add(e.get("name").toString()));
        if (module.equals("etl-jobs")) {
            for (Map<String, Object> cronJob : manifests.ofKind("CronJob")) {
                List<Map<String, Object>> cronEnv = Manifests.at(cronJob,
                        "spec.jobTemplate.spec.template.spec.containers.0.env");
                cronEnv.forEach(e -> given.add(e.get("name").toString()));
            }
        }
        assertThat(given).as("the render gives %s its settings", module).hasSizeGreaterThan(3);

        Set<String> read = new TreeSet<>(JVM);
        read.addAll(placeholders(Repository.root().resolve(module + "/src/main/resources/" + module + ".yml")));
        read.addAll(environmentForms(Files.newInputStream(Repository.root()
                .resolve(module + "/target/classes/META-INF/spring-configuration-metadata.json"))));
        for (URL url : Collections.list(getClass().getClassLoader()
                .getResources("META-INF/spring-configuration-metadata.json"))) {
            if (url.toString().contains("/spring-boot")) {
                try (InputStream in = url.openStream()) {
                    read.addAll(environmentForms(in));
                }
            }
        }
        assertThat(given).as("variables %s does not read", module).isSubsetOf(read);
    }

    private static Set<String> placeholders(Path yml) throws IOException {
        Set<String> names = new TreeSet<>();
        Matcher m = Pattern.compile("\\$\\{([A-Z0-9_]+)[:}]").matcher(Files.readString(yml));
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    private static Set<String> environmentForms(InputStream metadata) throws IOException {
        Set<String> names = new TreeSet<>();
        try (metadata) {
            JsonNode root = JsonMapper.builder().build().readTree(metadata);
            for (JsonNode property : root.path("properties")) {
                names.add(property.get("name").asString().toUpperCase(Locale.ROOT).replace('.', '_').replace("-", ""));
            }
        }
        return names;
    }
}
