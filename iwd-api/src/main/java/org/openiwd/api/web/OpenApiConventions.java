package org.openiwd.api.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;

/**
 * Puts the API-wide parts declared in {@link OpenApiConfiguration} on each operation, by rules that follow from
 * how the API works, so that no controller repeats them:
 * <ul>
 * <li>{@code x-iwd-tenant} on every operation but provisioning, which is not about one tenant;</li>
 * <li>401, 403 and 429 everywhere; 400 where there is a parameter or a body; 404 where a path names an object or
 * the tenant header a tenant; 412 where {@code If-Match} is taken;</li>
 * <li>the {@code ETag} header on successful answers whose body has a {@code version}.</li>
 * </ul>
 * 409 is left to the controllers: only they know which changes can conflict.
 */
final class OpenApiConventions {

    static final String TENANT = "TenantHeader";
    static final String IF_MATCH = "IfMatch";
    static final String ETAG = "ETag";
    static final String PROBLEM = "Problem";
    static final String BAD_REQUEST = "BadRequest";
    static final String UNAUTHORIZED = "Unauthorized";
    static final String FORBIDDEN = "Forbidden";
    static final String NOT_FOUND = "NotFound";
    static final String CONFLICT = "Conflict";
    static final String PRECONDITION_FAILED = "PreconditionFailed";
    static final String TOO_MANY_REQUESTS = "TooManyRequests";

    private static final String TENANTLESS_PATHS = "/iwd/v3/provisioning";

    static String ref(String section, String name) {
        return "#/components/" + section + "/" + name;
    }

    void apply(OpenAPI openApi) {
        Map<String, Schema> schemas = openApi.getComponents().getSchemas();
        openApi.getPaths().forEach((path, item) -> item.readOperations().forEach(operation -> {
            List<Parameter> parameters = new ArrayList<>(Objects.requireNonNullElse(operation.getParameters(),
                    List.of()));
            boolean ifMatch = parameters.removeIf(p -> "header".equals(p.getIn())
                    && "If-Match".equalsIgnoreCase(p.getName()));
            boolean pathParameters = parameters.stream().anyMatch(p -> "path".equals(p.getIn()));
            if (ifMatch) {
                parameters.add(new Parameter().$ref(ref("parameters", IF_MATCH)));
            }
            boolean tenantHeader = !path.startsWith(TENANTLESS_PATHS);
            if (tenantHeader) {
                parameters.add(new Parameter().$ref(ref("parameters", TENANT)));
            }
            operation.setParameters(parameters.isEmpty() ? null : parameters);
            addETags(operation.getResponses(), schemas);
            addProblems(operation, !parameters.isEmpty() || operation.getRequestBody() != null,
                    pathParameters || tenantHeader, ifMatch);
        }));
    }

    private static void addProblems(Operation operation, boolean badRequest, boolean notFound, boolean ifMatch) {
        ApiResponses responses = operation.getResponses();
        addProblem(responses, "400", BAD_REQUEST, badRequest);
        addProblem(responses, "401", UNAUTHORIZED, true);
        addProblem(responses, "403", FORBIDDEN, true);
        addProblem(responses, "404", NOT_FOUND, notFound);
        addProblem(responses, "412", PRECONDITION_FAILED, ifMatch);
        addProblem(responses, "429", TOO_MANY_REQUESTS, true);
        ApiResponses sorted = new ApiResponses();
        responses.keySet().stream().sorted().forEach(code -> sorted.addApiResponse(code, responses.get(code)));
        operation.setResponses(sorted);
    }

    private static void addProblem(ApiResponses responses, String status, String name, boolean applies) {
        if (applies) {
            responses.putIfAbsent(status, new ApiResponse().$ref(ref("responses", name)));
        }
    }

    private static void addETags(ApiResponses responses, Map<String, Schema> schemas) {
        responses.forEach((status, response) -> {
            if (status.startsWith("2") && response.getContent() != null && response.getContent().values().stream()
                    .anyMatch(media -> isVersioned(media.getSchema(), schemas))) {
                response.addHeaderObject("ETag", new Header().$ref(ref("headers", ETAG)));
            }
        });
    }

    private static boolean isVersioned(Schema<?> schema, Map<String, Schema> schemas) {
        if (schema == null || schema.get$ref() == null || schemas == null) {
            return false;
        }
        Schema<?> target = schemas.get(schema.get$ref().substring(schema.get$ref().lastIndexOf('/') + 1));
        return target != null && target.getProperties() != null && target.getProperties().containsKey("version");
    }
}
