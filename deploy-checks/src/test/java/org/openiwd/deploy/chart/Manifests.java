package org.openiwd.deploy.chart;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** The objects of a {@code helm template} output, parsed as YAML, with a little navigation. */
public record Manifests(List<Map<String, Object>> objects) {

    public static Manifests parse(String yaml) {
        List<Map<String, Object>> objects = new ArrayList<>();
        for (Object document : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(yaml)) {
            if (document instanceof Map<?, ?> map) {
                @SuppressWarnings("unchecked")
                Map<String, Object> object = (Map<String, Object>) map;
                objects.add(object);
            }
        }
        return new Manifests(List.copyOf(objects));
    }

    /** "Kind/name" of every object, in render order. */
    public List<String> kindsAndNames() {
        return objects.stream().map(o -> o.get("kind") + "/" + name(o)).toList();
    }

    public List<Map<String, Object>> ofKind(String kind) {
        return objects.stream().filter(o -> kind.equals(o.get("kind"))).toList();
    }

    public Optional<Map<String, Object>> find(String kind, String name) {
        return ofKind(kind).stream().filter(o -> name.equals(name(o))).findFirst();
    }

    public Map<String, Object> get(String kind, String name) {
        return find(kind, name).orElseThrow(() -> new AssertionError("no " + kind + "/" + name + " in "
                + kindsAndNames()));
    }

    public static String name(Map<String, Object> object) {
        return (String) map(object, "metadata").get("name");
    }

    /** The value at a dotted path of map keys ({@code spec.template.spec}); a number selects a list element. */
    @SuppressWarnings("unchecked")
    public static <T> T at(Object root, String path) {
        Object current = root;
        for (String step : path.split("\\.")) {
            if (current instanceof List<?> list) {
                current = list.get(Integer.parseInt(step));
            }
            else if (current instanceof Map<?, ?> map) {
                current = map.get(step);
            }
            else {
                throw new AssertionError("no " + path + " (stopped at " + step + ")");
            }
        }
        return (T) current;
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> map(Object root, String path) {
        return (Map<String, Object>) at(root, path);
    }

    /** The pod templates of Deployments and CronJobs, by "Kind/name". */
    public Map<String, Map<String, Object>> podSpecs() {
        Map<String, Map<String, Object>> specs = new java.util.LinkedHashMap<>();
        ofKind("Deployment").forEach(d -> specs.put("Deployment/" + name(d), map(d, "spec.template.spec")));
        ofKind("CronJob").forEach(c -> specs.put("CronJob/" + name(c),
                map(c, "spec.jobTemplate.spec.template.spec")));
        return specs;
    }
}
