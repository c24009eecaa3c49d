package org.openiwd.api.mailbox;

import java.net.URI;

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
 * {@code /iwd/v3/mailboxes}: tenant and import keys administer, the email role reads (and alone reads the
 * credentials and reports the status). {@code PUT} honours {@code If-Match} with the version.
 */
@RestController
@RequestMapping("/iwd/v3/mailboxes")
@Tag(name = "Mailboxes", description = "The mailboxes the email service polls and sends from; every change is "
        + "versioned and appends a configuration event, without the secrets")
class MailboxController {

    private final MailboxService service;

    MailboxController(MailboxService service) {
        this.service = service;
    }

    @PostMapping
    @Operation(operationId = "createMailbox", summary = "Create a mailbox")
    @ApiResponse(responseCode = "201", description = "Created", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "409", ref = "Conflict")
    @ApiResponse(responseCode = "503", ref = "ServiceUnavailable")
    ResponseEntity<Mailbox> create(Caller caller, @RequestBody MailboxRequest request) {
        Mailbox created = service.create(writer(caller), request);
        return ResponseEntity.created(URI.create("/iwd/v3/mailboxes/" + created.id())).eTag(etag(created))
                .body(created);
    }

    @GetMapping
    @Operation(operationId = "listMailboxes", summary = "List the live mailboxes, or all changed since a revision")
    MailboxService.Page list(Caller caller,
            @Parameter(description = "Instead of the live mailboxes, all changed after this configuration revision, "
                    + "retired ones included")
            @RequestParam(required = false) Long since,
            @Parameter(description = "The `next` of the previous page") @RequestParam(required = false) String after,
            @Parameter(description = "Mailboxes per page, 1 to 1000") @RequestParam(defaultValue = "100") int limit) {
        if (limit < 1 || limit > 1000) {
            throw ApiProblem.badRequest("invalid-limit", "limit must be between 1 and 1000.");
        }
        if (since != null && since < 0) {
            throw ApiProblem.badRequest("invalid-since", "since must be a revision, 0 or more.");
        }
        return service.list(reader(caller), since, after, limit);
    }

    @GetMapping("/{id}")
    @Operation(operationId = "getMailbox", summary = "Get a mailbox")
    ResponseEntity<Mailbox> get(Caller caller, @PathVariable String id) {
        Mailbox mailbox = service.get(reader(caller), id);
        return ResponseEntity.ok().eTag(etag(mailbox)).body(mailbox);
    }

    @PutMapping("/{id}")
    @Operation(operationId = "updateMailbox", summary = "Replace a mailbox's settings; secrets left out are kept, "
            + "secrets given as null are cleared")
    @ApiResponse(responseCode = "200", description = "OK", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "409", ref = "Conflict")
    @ApiResponse(responseCode = "503", ref = "ServiceUnavailable")
    ResponseEntity<Mailbox> update(Caller caller, @PathVariable String id,
            @RequestHeader(name = "If-Match", required = false) String ifMatch,
            @RequestBody MailboxRequest request) {
        Mailbox updated = service.update(writer(caller), id, request, ETags.version(ifMatch));
        return ResponseEntity.ok().eTag(etag(updated)).body(updated);
    }

    @DeleteMapping("/{id}")
    @Operation(operationId = "retireMailbox", summary = "Retire a mailbox: kept for history, its secrets deleted")
    @ApiResponse(responseCode = "200", description = "OK", useReturnTypeSchema = true)
    ResponseEntity<Mailbox> retire(Caller caller, @PathVariable String id,
            @RequestHeader(name = "If-Match", required = false) String ifMatch) {
        Mailbox retired = service.retire(writer(caller), id, ETags.version(ifMatch));
        return ResponseEntity.ok().eTag(etag(retired)).body(retired);
    }

    @GetMapping("/{id}/credentials")
    @Operation(operationId = "getMailboxCredentials", summary = "The mailbox's secrets, for the email role only")
    @ApiResponse(responseCode = "503", ref = "ServiceUnavailable")
    MailboxCredentials credentials(Caller caller, @PathVariable String id) {
        return service.credentials(caller.require(Role.EMAIL), id);
    }

    @PutMapping("/{id}/status")
    @Operation(operationId = "reportMailboxStatus", summary = "Report connection states and the IMAP position; "
            + "answers the stored status (a position behind the stored one is ignored)")
    MailboxStatus status(Caller caller, @PathVariable String id, @RequestBody MailboxStatus report) {
        return service.reportStatus(caller.require(Role.EMAIL), id, report);
    }

    private static Caller writer(Caller caller) {
        return caller.require(Role.TENANT, Role.IMPORT);
    }

    private static Caller reader(Caller caller) {
        return caller.require(Role.TENANT, Role.IMPORT, Role.EMAIL);
    }

    private static String etag(Mailbox mailbox) {
        return "\"" + mailbox.version() + "\"";
    }
}
