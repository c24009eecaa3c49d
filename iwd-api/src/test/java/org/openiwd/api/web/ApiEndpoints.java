package org.openiwd.api.web;

import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.servlet.HandlerExecutionChain;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * The API's endpoints as the application maps them, each written {@code "METHOD /iwd/v3/path/{variable}"} the way
 * the OpenAPI document writes it: a variable limited to literal alternatives ({@code {collection:solutions|queues}})
 * is one endpoint per alternative, a variable's regex is dropped. Tests that must reach every endpoint take the
 * list from here, so a new endpoint fails them until it gets its cases.
 */
public final class ApiEndpoints {

    private static final Pattern ALTERNATIVES = Pattern.compile("\\{(\\w+):([\\w-]+(?:\\|[\\w-]+)+)}");
    private static final Pattern REGEX_VARIABLE = Pattern.compile("\\{(\\w+):[^{}]*}");

    private final RequestMappingHandlerMapping mappings;

    public ApiEndpoints(RequestMappingHandlerMapping mappings) {
        this.mappings = mappings;
    }

    /** Every endpoint under {@code /iwd/v3} but the OpenAPI document's own (springdoc's). */
    public Set<String> all() {
        Set<String> endpoints = new TreeSet<>();
        mappings.getHandlerMethods().forEach((info, handler) -> {
            if (!handler.getBeanType().getPackageName().startsWith("org.springdoc")) {
                operations(info).filter(op -> op.contains(" /iwd/v3/")).forEach(endpoints::add);
            }
        });
        return endpoints;
    }

    /**
     * The endpoint the application dispatches {@code method} and {@code pathAndQuery} (below {@code /iwd/v3},
     * percent-encoded as on the wire) to, or null when no endpoint takes it (unknown path, wrong method, a path
     * the container refuses).
     */
    public String of(String method, String pathAndQuery) {
        String path = pathAndQuery.contains("?") ? pathAndQuery.substring(0, pathAndQuery.indexOf('?'))
                : pathAndQuery;
        MockHttpServletRequest request = new MockHttpServletRequest(method, "/iwd/v3" + path);
        HandlerExecutionChain chain;
        try {
            chain = mappings.getHandler(request);
        }
        catch (Exception noMatch) {
            return null;
        }
        if (chain == null) {
            return null;
        }
        String pattern = (String) request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
        @SuppressWarnings("unchecked")
        Map<String, String> variables = (Map<String, String>) request
                .getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
        Matcher alternatives = ALTERNATIVES.matcher(pattern);
        StringBuilder expanded = new StringBuilder();
        while (alternatives.find()) {
            alternatives.appendReplacement(expanded, Matcher.quoteReplacement(variables.get(alternatives.group(1))));
        }
        alternatives.appendTail(expanded);
        return method + " " + REGEX_VARIABLE.matcher(expanded).replaceAll("{$1}");
    }

    private static Stream<String> operations(RequestMappingInfo info) {
        Set<String> methods = new TreeSet<>();
        info.getMethodsCondition().getMethods().forEach(m -> methods.add(m.name()));
        if (methods.isEmpty()) {
            methods.add("ANY");
        }
        return info.getPatternValues().stream().flatMap(ApiEndpoints::expand)
                .flatMap(path -> methods.stream().map(method -> method + " " + path));
    }

    private static Stream<String> expand(String pattern) {
        Matcher alternatives = ALTERNATIVES.matcher(pattern);
        if (!alternatives.find()) {
            return Stream.of(REGEX_VARIABLE.matcher(pattern).replaceAll("{$1}"));
        }
        return Arrays.stream(alternatives.group(2).split("\\|"))
                .flatMap(value -> expand(pattern.replace(alternatives.group(), value)));
    }
}
