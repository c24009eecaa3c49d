package org.openiwd.api.search;

import java.io.IOException;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.openiwd.api.security.Caller;
import org.openiwd.api.security.Role;
import org.openiwd.api.web.ApiProblem;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /iwd/v3/provisioning/{tenantId}/search-index/rebuild} (admin key): builds a new generation of the
 * tenant's index from PostgreSQL, points the alias at it and deletes the old one, while writes go on; answers when
 * done. 404 for an unknown tenant, 409 {@code rebuild-in-progress} when another rebuild of the tenant does not
 * finish within {@code lock-timeout}, 409 {@code search-index-disabled} with the {@code postgres} backend, 503
 * {@code search-unavailable} when Elasticsearch cannot be reached. Audited like every provisioning operation.
 */
@RestController
@RequestMapping("/iwd/v3/provisioning/{tenantId}/search-index")
@Tag(name = "Provisioning")
class SearchIndexController {

    private final TaskIndexBuilder builder;
    private final JdbcClient jdbc;

    SearchIndexController(ObjectProvider<TaskIndexBuilder> builder, JdbcClient jdbc) {
        this.builder = builder.getIfAvailable();
        this.jdbc = jdbc;
    }

    @PostMapping("/rebuild")
    @Operation(operationId = "rebuildSearchIndex", summary = "Rebuild a tenant's search index from the database",
            description = "Builds the next generation of the tenant's Elasticsearch index while writes go on, points "
                    + "the tenant's alias at it and deletes the previous one; answers when done.")
    @ApiResponse(responseCode = "200", description = "Rebuilt", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "409", ref = "Conflict")
    @ApiResponse(responseCode = "503", description = "Elasticsearch cannot be reached; nothing was changed",
            content = @Content(mediaType = "application/problem+json",
                    schema = @Schema(ref = "#/components/schemas/Problem")))
    TaskIndexBuilder.SearchIndexBuild rebuild(Caller caller, @PathVariable String tenantId) {
        caller.require(Role.ADMIN);
        if (builder == null) {
            throw ApiProblem.conflict("search-index-disabled",
                    "The search backend is postgres: there is no index to rebuild.");
        }
        TaskIndexBuilder.SearchIndexBuild built;
        try {
            built = builder.rebuild(tenantId).orElseThrow(() -> ApiProblem.notFound("Tenant " + tenantId));
        }
        catch (TaskIndexBuilder.BuildInProgressException e) {
            throw ApiProblem.conflict("rebuild-in-progress", "A rebuild of tenant " + tenantId
                    + "'s search index is running; try again when it is done.");
        }
        catch (IOException e) {
            throw new ApiProblem(HttpStatus.SERVICE_UNAVAILABLE, "search-unavailable", "Search unavailable",
                    "Elasticsearch cannot be reached; nothing was changed.");
        }
        jdbc.sql("INSERT INTO audit_log (actor, action, tenant_id, outcome) VALUES (?, ?, ?, ?)")
                .params("cluster:admin", "search-index.rebuild", tenantId,
                        "built " + built.index() + " with " + built.tasks() + " tasks")
                .update();
        return built;
    }
}
