package org.openiwd.api.config;

import java.net.URI;

import jakarta.validation.Valid;

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
 * datamart role reads. {@code PUT} honours {@code If-Match} with the version (412 when it moved on).
 */
@RestController
@RequestMapping("/iwd/v3/{collection:solutions|departments|processes|categories|capture-points|queues|business-calendars}")
class ConfigController {

    private final ConfigService service;

    ConfigController(ConfigService service) {
        this.service = service;
    }

    @PostMapping
    ResponseEntity<ConfigObject> create(Caller caller, @PathVariable String collection,
            @Valid @RequestBody ConfigRequest request) {
        ConfigObject created = service.create(writer(caller), ConfigKind.fromCollection(collection), request);
        return ResponseEntity.created(URI.create("/iwd/v3/" + collection + "/" + created.id()))
                .eTag(etag(created)).body(created);
    }

    @GetMapping
    ConfigService.Page list(Caller caller, @PathVariable String collection,
            @RequestParam(required = false) Long since, @RequestParam(required = false) String after,
            @RequestParam(defaultValue = "100") int limit) {
        if (limit < 1 || limit > 1000) {
            throw ApiProblem.badRequest("invalid-limit", "limit must be between 1 and 1000.");
        }
        if (since != null && since < 0) {
            throw ApiProblem.badRequest("invalid-since", "since must be a revision, 0 or more.");
        }
        return service.list(reader(caller), ConfigKind.fromCollection(collection), since, after, limit);
    }

    @GetMapping("/{id}")
    ResponseEntity<ConfigObject> get(Caller caller, @PathVariable String collection, @PathVariable String id) {
        ConfigObject object = service.get(reader(caller), ConfigKind.fromCollection(collection), id);
        return ResponseEntity.ok().eTag(etag(object)).body(object);
    }

    @PutMapping("/{id}")
    ResponseEntity<ConfigObject> update(Caller caller, @PathVariable String collection, @PathVariable String id,
            @RequestHeader(name = "If-Match", required = false) String ifMatch,
            @Valid @RequestBody ConfigRequest request) {
        ConfigObject updated = service.update(writer(caller), ConfigKind.fromCollection(collection), id, request,
                ETags.version(ifMatch));
        return ResponseEntity.ok().eTag(etag(updated)).body(updated);
    }

    @DeleteMapping("/{id}")
    ResponseEntity<ConfigObject> retire(Caller caller, @PathVariable String collection, @PathVariable String id) {
        return ResponseEntity.ok(service.retire(writer(caller), ConfigKind.fromCollection(collection), id));
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
