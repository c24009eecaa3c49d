package org.openiwd.api.email;

import java.net.URI;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.openiwd.api.security.Caller;
import org.openiwd.api.security.Role;
import org.openiwd.api.web.ApiProblem;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /iwd/v3/emails}: the email role submits inbound messages (idempotently); tenant, import and email keys
 * read them, their attachments and, for unparsable ones, their raw source.
 */
@RestController
@RequestMapping("/iwd/v3/emails")
@Tag(name = "Emails", description = "Inbound messages of the tenant's mailboxes, each with its task")
class EmailController {

    private final InboundEmailService service;
    private final EmailItemRepository items;

    EmailController(InboundEmailService service, EmailItemRepository items) {
        this.service = service;
        this.items = items;
    }

    @PostMapping
    @Operation(operationId = "submitEmail", summary = "Submit an inbound message, once per mailbox and Message-ID "
            + "(or content hash); a parsed one creates its task")
    @ApiResponse(responseCode = "201", description = "Stored, with its task", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "200", description = "Submitted before: the same item and task",
            useReturnTypeSchema = true)
    @ApiResponse(responseCode = "413", ref = "PayloadTooLarge")
    ResponseEntity<SubmittedEmail> submit(Caller caller, @RequestBody InboundEmailRequest request) {
        SubmittedEmail submitted = service.submit(caller.require(Role.EMAIL), request);
        return submitted.created()
                ? ResponseEntity.created(URI.create("/iwd/v3/emails/" + submitted.id())).body(submitted)
                : ResponseEntity.ok(submitted);
    }

    @GetMapping("/{id}")
    @Operation(operationId = "getEmail", summary = "Get an inbound message, without attachment content")
    @Transactional(readOnly = true)
    EmailItem get(Caller caller, @PathVariable String id) {
        return items.find(reader(caller).tenant(), id).orElseThrow(() -> ApiProblem.notFound("Email " + id));
    }

    @GetMapping("/{id}/attachments/{index}")
    @Operation(operationId = "getEmailAttachment", summary = "An attachment's content, with its content type")
    @ApiResponse(responseCode = "200", description = "The content", content = @Content(
            mediaType = MediaType.APPLICATION_OCTET_STREAM_VALUE, schema = @Schema(type = "string", format = "binary")))
    @Transactional(readOnly = true)
    ResponseEntity<byte[]> attachment(Caller caller, @PathVariable String id, @PathVariable int index) {
        var content = items.attachmentContent(reader(caller).tenant(), id, index)
                .orElseThrow(() -> ApiProblem.notFound("Attachment " + index + " of email " + id));
        MediaType type;
        try {
            type = MediaType.parseMediaType(content.getKey());
        }
        catch (IllegalArgumentException e) {
            type = MediaType.APPLICATION_OCTET_STREAM;
        }
        // Never rendered by a browser as the API's own content: it is the sender's.
        return ResponseEntity.ok().contentType(type).header("Content-Disposition", "attachment")
                .header("X-Content-Type-Options", "nosniff").body(content.getValue());
    }

    @GetMapping("/{id}/raw")
    @Operation(operationId = "getEmailRawSource", summary = "The raw source kept of an unparsable message")
    @ApiResponse(responseCode = "200", description = "The message as received", content = @Content(
            mediaType = "message/rfc822", schema = @Schema(type = "string", format = "binary")))
    @Transactional(readOnly = true)
    ResponseEntity<byte[]> raw(Caller caller, @PathVariable String id) {
        byte[] raw = items.rawSource(reader(caller).tenant(), id)
                .orElseThrow(() -> ApiProblem.notFound("The raw source of email " + id));
        return ResponseEntity.ok().contentType(MediaType.parseMediaType("message/rfc822"))
                .header("Content-Disposition", "attachment").body(raw);
    }

    /** A page of items and the cursor of the next one (null on the last page). */
    @Schema(name = "EmailPage")
    record Page(List<EmailItem> items, String next) {
    }

    @GetMapping
    @Operation(operationId = "listEmails", summary = "List inbound messages, oldest first")
    @Transactional(readOnly = true)
    Page list(Caller caller,
            @RequestParam(required = false) String mailboxId,
            @Parameter(description = "true: only the unparsable ones")
            @RequestParam(required = false) Boolean unparsable,
            @RequestParam(required = false) Long taskId,
            @Parameter(description = "The `next` of the previous page") @RequestParam(required = false) String after,
            @Parameter(description = "Items per page, 1 to 1000") @RequestParam(defaultValue = "100") int limit) {
        checkLimit(limit);
        var rows = items.list(reader(caller).tenant(), mailboxId, unparsable, taskId, cursor(after), limit);
        return new Page(rows.stream().map(Map.Entry::getValue).toList(),
                rows.size() < limit ? null : String.valueOf(rows.getLast().getKey()));
    }

    static void checkLimit(int limit) {
        if (limit < 1 || limit > 1000) {
            throw ApiProblem.badRequest("invalid-limit", "limit must be between 1 and 1000.");
        }
    }

    /** The position after which a page starts: the {@code next} of the previous page, or the start. */
    static long cursor(String after) {
        if (after == null) {
            return 0;
        }
        try {
            return Long.parseLong(after);
        }
        catch (NumberFormatException e) {
            throw ApiProblem.badRequest("invalid-cursor", "after must be the next of a previous page.");
        }
    }

    private static Caller reader(Caller caller) {
        return caller.require(Role.TENANT, Role.IMPORT, Role.EMAIL);
    }
}
