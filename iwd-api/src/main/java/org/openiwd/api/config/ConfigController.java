package org.openiwd.api.config;

import java.net.URI;

import jakarta.validation.Valid;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.openiwd.api.security.Caller;
import org.openiwd.api.security.Role;
import org.openiwd.api.web.ApiProblem;
import org.openiwd.api.web.ETags;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Configuration CRUD: {@code /solutions}, {@code /departments}, {@code /processes}, {@code /categories},
 * {@code /capture-points}, {@code /queues}, {@code /business-calendars}. Tenant and import keys write; the
 * datamart role reads. {@code PUT} and {@code DELETE} honour {@code If-Match} with the version (412
 * {@code version-mismatch} when it moved on).
 *
 * <p>Lists and incremental loads: page until {@code next} is null, passing it as {@code after} (with the same
 * {@code since}), and keep the last page's {@code revision} as the {@code since} of the next incremental load.
 * <ul>
 * <li>Without {@code since} (a first load): the live objects in id order. Every page returns the tenant's revision
 * as it was when the first page was read (the cursor carries it), so a change committed while the client pages,
 * even to an object on a page already read, is after that revision and comes with the next incremental load.
 * <li>With {@code since}: every object whose latest change is after that revision, retired ones included, in
 * revision order, as it is now. A change takes the tenant's next revision, and revisions commit in order, so an
 * object changed while the client pages moves to a later page of the same load. On a full page {@code revision}
 * is the last object's, on the last page the tenant's current revision read with that page: either is safe to
 * keep, nothing committed after it is missed.
 * </ul>
 * An object may come twice (on a first load and the next incremental one, or twice in one incremental load when
 * it changed in between); its {@code version} tells the newer state.
 */
@RestController
@RequestMapping("/iwd/v3/{collection:solutions|departments|processes|categories|capture-points|queues|business-calendars}")
@Tag(name = "Configuration", description = "What tasks are classified by; every change is versioned and appends a "
        + "configuration event")
class ConfigController {

    private final ConfigService service;

    ConfigController(ConfigService service) {
        this.service = service;
    }

    @PostMapping
    @Operation(operationId = "create", summary = "Create an object in {collection}")
    @ApiResponse(responseCode = "201", description = "Created", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "409", ref = "Conflict")
    ResponseEntity<ConfigObject> create(Caller caller, @PathVariable String collection,
            @Valid @RequestBody ConfigRequest request) {
        ConfigObject created = service.create(writer(caller), ConfigKind.fromCollection(collection), request);
        return ResponseEntity.created(URI.create("/iwd/v3/" + collection + "/" + created.id()))
                .eTag(etag(created)).body(created);
    }

    @GetMapping
    @Operation(operationId = "list", summary = "List the live {collection} in id order, or, in revision order, all "
            + "changed since a revision; keep the last page's revision as the next since")
    ConfigService.Page list(Caller caller, @PathVariable String collection,
            @Parameter(description = "Instead of the live objects, all changed after this configuration revision, "
                    + "retired ones included")
            @RequestParam(required = false) Long since,
            @Parameter(description = "The `next` of the previous page of the same load")
            @RequestParam(required = false) String after,
            @Parameter(description = "Objects per page, 1 to 1000") @RequestParam(defaultValue = "100") int limit) {
        if (limit < 1 || limit > 1000) {
            throw ApiProblem.badRequest("invalid-limit", "limit must be between 1 and 1000.");
        }
        if (since != null && since < 0) {
            throw ApiProblem.badRequest("invalid-since", "since must be a revision, 0 or more.");
        }
        return service.list(reader(caller), ConfigKind.fromCollection(collection), since, after, limit);
    }

    @GetMapping("/{id}")
    @Operation(operationId = "get", summary = "Get an object of {collection}")
    ResponseEntity<ConfigObject> get(Caller caller, @PathVariable String collection, @PathVariable String id) {
        ConfigObject object = service.get(reader(caller), ConfigKind.fromCollection(collection), id);
        return ResponseEntity.ok().eTag(etag(object)).body(object);
    }

    @PutMapping("/{id}")
    @Operation(operationId = "update", summary = "Replace an object of {collection}")
    @ApiResponse(responseCode = "200", description = "OK", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "409", ref = "Conflict")
    ResponseEntity<ConfigObject> update(Caller caller, @PathVariable String collection, @PathVariable String id,
            @RequestHeader(name = "If-Match", required = false) String ifMatch,
            @Valid @RequestBody ConfigRequest request) {
        ConfigObject updated = service.update(writer(caller), ConfigKind.fromCollection(collection), id, request,
                ETags.version(ifMatch));
        return ResponseEntity.ok().eTag(etag(updated)).body(updated);
    }

    @DeleteMapping("/{id}")
    @Operation(operationId = "retire", summary = "Retire an object of {collection}: kept for history, no longer "
            + "live")
    @ApiResponse(responseCode = "200", description = "OK", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "409", ref = "Conflict")
    ResponseEntity<ConfigObject> retire(Caller caller, @PathVariable String collection, @PathVariable String id,
            @RequestHeader(name = "If-Match", required = false) String ifMatch) {
        ConfigObject retired = service.retire(writer(caller), ConfigKind.fromCollection(collection), id,
                ETags.version(ifMatch));
        return ResponseEntity.ok().eTag(etag(retired)).body(retired);
    }

    private static Caller writer(Caller caller) {
        return caller.require(Role.TENANT, Role.IMPORT);
    }

    private static Caller reader(Caller caller) {
        return caller.require(Role.TENANT, Role.IMPORT, Role.DATAMART);
    }

    private static String etag(ConfigObject object) {
        return "\"" + object.version() + "\"";
    }
}
