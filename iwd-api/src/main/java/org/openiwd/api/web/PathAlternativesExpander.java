package org.openiwd.api.web;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.Paths;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponses;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Documents a path variable limited to literal alternatives, such as
 * {@code /iwd/v3/{collection:solutions|queues}}, as one path per alternative ({@code /iwd/v3/solutions},
 * {@code /iwd/v3/queues}): those are the URLs a client calls, where springdoc alone shows a single path with a
 * free {@code collection} parameter. Each copy of an operation gets its own id, the alternative in camel case
 * before the method's ({@code solutionsList}), and the alternative in place of the variable in its summary. One
 * such variable per path is expanded.
 */
final class PathAlternativesExpander {

    /** A variable whose regex is only literal alternatives: {@code {name:a|b-c|d}}. */
    private static final Pattern ALTERNATIVES = Pattern.compile("\\{(\\w+):([\\w-]+(?:\\|[\\w-]+)+)}");

    private static final Pattern REGEX_VARIABLE = Pattern.compile("\\{(\\w+):[^{}]*}");

    private final RequestMappingHandlerMapping mappings;

    PathAlternativesExpander(RequestMappingHandlerMapping mappings) {
        this.mappings = mappings;
    }

    private record Alternatives(String variable, List<String> values) {
    }

    void expand(OpenAPI openApi) {
        Map<String, Alternatives> byDocumentedPath = alternativesByDocumentedPath();
        Paths expanded = new Paths();
        openApi.getPaths().forEach((path, item) -> {
            Alternatives alternatives = byDocumentedPath.get(path);
            if (alternatives == null) {
                expanded.addPathItem(path, item);
                return;
            }
            for (String value : alternatives.values()) {
                PathItem copy = new PathItem().summary(item.getSummary()).description(item.getDescription());
                item.readOperationsMap().forEach((method, operation) ->
                        copy.operation(method, copy(operation, alternatives.variable(), value)));
                expanded.addPathItem(path.replace("{" + alternatives.variable() + "}", value), copy);
            }
        });
        expanded.setExtensions(openApi.getPaths().getExtensions());
        openApi.setPaths(expanded);
    }

    /** The paths as springdoc writes them ({@code {name}} without its regex), and their alternatives. */
    private Map<String, Alternatives> alternativesByDocumentedPath() {
        Map<String, Alternatives> byPath = new HashMap<>();
        mappings.getHandlerMethods().keySet().stream().flatMap(info -> info.getPatternValues().stream())
                .forEach(pattern -> {
                    Matcher matcher = ALTERNATIVES.matcher(pattern);
                    if (matcher.find()) {
                        byPath.put(REGEX_VARIABLE.matcher(pattern).replaceAll("{$1}"),
                                new Alternatives(matcher.group(1), List.of(matcher.group(2).split("\\|"))));
                    }
                });
        return byPath;
    }

    /** A copy of what springdoc and {@link OpenApiConventions} fill in, for one alternative. */
    private static Operation copy(Operation operation, String variable, String value) {
        List<Parameter> parameters = new ArrayList<>(operation.getParameters());
        parameters.removeIf(p -> "path".equals(p.getIn()) && variable.equals(p.getName()));
        ApiResponses responses = new ApiResponses();
        responses.putAll(operation.getResponses());
        return new Operation()
                .tags(operation.getTags())
                .summary(operation.getSummary() == null ? null
                        : operation.getSummary().replace("{" + variable + "}", value))
                .description(operation.getDescription())
                .operationId(operation.getOperationId() == null ? null
                        : camelCase(value) + Character.toUpperCase(operation.getOperationId().charAt(0))
                                + operation.getOperationId().substring(1))
                .parameters(parameters.isEmpty() ? null : parameters)
                .requestBody(operation.getRequestBody())
                .responses(responses)
                .security(operation.getSecurity())
                .deprecated(operation.getDeprecated())
                .extensions(operation.getExtensions());
    }

    private static String camelCase(String value) {
        StringBuilder camel = new StringBuilder();
        boolean upper = false;
        for (char c : value.toCharArray()) {
            if (c == '-' || c == '_') {
                upper = true;
            }
            else {
                camel.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return camel.toString();
    }
}
