package org.openiwd.api.web;

import static org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON_VALUE;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.HeaderParameter;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * The OpenAPI document at {@code /iwd/v3/openapi.json} (UI at {@code /iwd/v3/docs}): what holds for the whole
 * API, that is the key, the tenant header, versions as ETags and problems, declared once here and applied to each
 * operation by {@link OpenApiConventions}. Controllers only add what is their own: summaries, created and
 * conflict responses, hand-written bodies.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    private static final String API_KEY_SCHEME = "apiKey";

    private static final String DESCRIPTION = """
            Work items (tasks) from source systems and mailboxes, their lifecycle, the configuration that \
            classifies them, tenants and their keys, and the reporting feeds the Data Mart reads.

            **Keys.** Every operation needs an `x-api-key`. A tenant's key acts on its own tenant with its role: \
            `tenant` (tasks, configuration), `datamart` (feeds and configuration, read only), `email`, or `import` \
            (like `tenant`, and may give past event times). The cluster keys of the service's configuration are \
            `admin` (provisioning) and `datamart` and `email`, which act on the tenant named in `x-iwd-tenant`. \
            A missing or wrong key is 401, a role that may not do this 403, another tenant's object 404. A \
            tenant's key may make a limited number of requests a second (200 unless configured); past that the \
            answer is 429 with `Retry-After`.

            **Versions.** Tasks and configuration objects carry a `version`, also sent as their `ETag`. Send it \
            back in `If-Match` to change the object only if nobody changed it since; otherwise the answer is 412.

            **Errors.** Every error is `application/problem+json` (RFC 9457). Its `type`, \
            `urn:iwd:problem:<code>`, is stable and meant for programs; `detail` is for people and may change.""";

    @Bean
    OpenAPI iwdOpenApi() {
        return new OpenAPI()
                .info(new Info().title("IWD API").version("v3").description(DESCRIPTION))
                // Relative, so that the UI calls the host that served it, behind any proxy.
                .servers(List.of(new Server().url("/").description("This IWD API")))
                .components(new Components()
                        .addSecuritySchemes(API_KEY_SCHEME, new SecurityScheme().type(SecurityScheme.Type.APIKEY)
                                .in(SecurityScheme.In.HEADER).name("x-api-key")
                                .description("A tenant's key (from provisioning) or a cluster key."))
                        .addParameters(OpenApiConventions.TENANT, tenantHeader())
                        .addParameters(OpenApiConventions.IF_MATCH, new HeaderParameter().name("If-Match")
                                .description("The `ETag` of the version this change is based on, like `\"3\"`; "
                                        + "without it the change is unconditional.")
                                .schema(new StringSchema()).example("\"3\""))
                        .addHeaders(OpenApiConventions.ETAG, new Header()
                                .description("The object's `version`, quoted: send it back in `If-Match`.")
                                .schema(new StringSchema()))
                        .addSchemas(OpenApiConventions.PROBLEM, problem())
                        .responses(problemResponses()))
                .addSecurityItem(new SecurityRequirement().addList(API_KEY_SCHEME));
    }

    @Bean
    OpenApiCustomizer iwdOpenApiConventions(
            @Qualifier("requestMappingHandlerMapping") RequestMappingHandlerMapping mappings) {
        PathAlternativesExpander expander = new PathAlternativesExpander(mappings);
        OpenApiConventions conventions = new OpenApiConventions();
        return openApi -> {
            expander.expand(openApi);
            conventions.apply(openApi);
        };
    }

    private static Parameter tenantHeader() {
        return new HeaderParameter().name("x-iwd-tenant")
                .description("With a cluster `datamart` or `email` key: the tenant acted on (404 when there is "
                        + "none). Tenant keys act on their own tenant and need not send it.")
                .schema(new StringSchema().pattern("^[A-Za-z0-9_-]{1,32}$"));
    }

    private static Schema<?> problem() {
        return new ObjectSchema()
                .description("An RFC 9457 problem. Some types add members, such as `errors` for `validation`.")
                .addProperty("type", new StringSchema().format("uri").example("urn:iwd:problem:not-found")
                        .description("Stable: `urn:iwd:problem:<code>`"))
                .addProperty("title", new StringSchema())
                .addProperty("status", new IntegerSchema().description("The HTTP status"))
                .addProperty("detail", new StringSchema().description("For people; may change"))
                .addProperty("instance", new StringSchema().format("uri-reference")
                        .description("The path of the request"))
                .addProperty("errors", new ArraySchema().description("The invalid fields, for `validation`")
                        .items(new ObjectSchema().addProperty("field", new StringSchema())
                                .addProperty("message", new StringSchema())))
                .addProperty("taskStatus", new StringSchema()
                        .description("For `invalid-transition`: the state of the task that refused the action"))
                .addProperty("action", new StringSchema()
                        .description("For `invalid-transition`: the action refused"))
                .required(List.of("type", "title", "status"));
    }

    private static Map<String, ApiResponse> problemResponses() {
        Map<String, ApiResponse> responses = new LinkedHashMap<>();
        responses.put(OpenApiConventions.BAD_REQUEST, problemResponse("Invalid request: a malformed body, an "
                + "invalid field or parameter, or a cluster key without `x-iwd-tenant`"));
        responses.put(OpenApiConventions.UNAUTHORIZED, problemResponse("Missing or unknown `x-api-key`"));
        responses.put(OpenApiConventions.FORBIDDEN, problemResponse("The key's role may not do this"));
        responses.put(OpenApiConventions.NOT_FOUND, problemResponse("No such object in this tenant, or no such "
                + "tenant"));
        responses.put(OpenApiConventions.CONFLICT, problemResponse("The object's state does not allow this; the "
                + "problem's `type` says why"));
        responses.put(OpenApiConventions.PRECONDITION_FAILED, problemResponse("`If-Match` names a version that "
                + "is no longer the current one"));
        responses.put("PayloadTooLarge", problemResponse("The body, or an email in it, is larger than the limit "
                + "(`payload-too-large`, `email-too-large`)"));
        responses.put("UnprocessableContent", problemResponse("Well-formed, but refused by a rule of the API; the "
                + "problem's `type` says which"));
        responses.put("ServiceUnavailable", problemResponse("A dependency of this operation is not configured or "
                + "not available; the problem's `type` says which"));
        responses.put(OpenApiConventions.TOO_MANY_REQUESTS, problemResponse("This tenant key made more requests "
                + "this second than it may").addHeaderObject("Retry-After", new Header()
                        .description("Seconds to wait before retrying").schema(new IntegerSchema())));
        return responses;
    }

    private static ApiResponse problemResponse(String description) {
        Schema<?> problem = new Schema<>().$ref(OpenApiConventions.ref("schemas", OpenApiConventions.PROBLEM));
        return new ApiResponse().description(description).content(new Content()
                .addMediaType(APPLICATION_PROBLEM_JSON_VALUE, new MediaType().schema(problem)));
    }
}
