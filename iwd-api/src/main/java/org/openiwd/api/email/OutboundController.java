package org.openiwd.api.email;

import java.net.URI;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.openiwd.api.security.Caller;
import org.openiwd.api.security.Role;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /iwd/v3/emails/outbound}: tenant, import and email keys queue mail and read the queue; the email role
 * reports what became of each item.
 */
@RestController
@RequestMapping("/iwd/v3/emails/outbound")
@Tag(name = "Outbound emails", description = "The queue of mail the email service sends")
class OutboundController {

    private final OutboundQueue queue;

    OutboundController(OutboundQueue queue) {
        this.queue = queue;
    }

    @PostMapping
    @Operation(operationId = "queueOutboundEmail", summary = "Queue a reply, acknowledgement, auto-response, "
            + "redirect or new mail")
    @ApiResponse(responseCode = "201", description = "Queued", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "413", ref = "PayloadTooLarge")
    @ApiResponse(responseCode = "422", ref = "UnprocessableContent")
    ResponseEntity<OutboundEmail> queue(Caller caller, @RequestBody OutboundRequest request) {
        OutboundEmail queued = queue.queue(caller.require(Role.TENANT, Role.IMPORT, Role.EMAIL), request);
        return ResponseEntity.created(URI.create("/iwd/v3/emails/outbound/" + queued.id())).body(queued);
    }

    @GetMapping
    @Operation(operationId = "listOutboundEmails", summary = "The queue, oldest first: the due items, those in a "
            + "status, or the one with a Message-ID")
    OutboundQueue.Page list(Caller caller,
            @Parameter(description = "queued, retry, sent, failed or bounced") @RequestParam(required = false)
            String status,
            @RequestParam(required = false) String mailboxId,
            @Parameter(description = "true: the queued items and the retries whose nextAttemptAt has passed")
            @RequestParam(defaultValue = "false") boolean due,
            @Parameter(description = "The item with this Message-ID (for delivery status notifications)")
            @RequestParam(required = false) String messageId,
            @Parameter(description = "The `next` of the previous page") @RequestParam(required = false) String after,
            @Parameter(description = "Items per page, 1 to 1000") @RequestParam(defaultValue = "100") int limit) {
        EmailController.checkLimit(limit);
        if (status != null && !java.util.List.of("queued", "retry", "sent", "failed", "bounced").contains(status)) {
            throw org.openiwd.api.web.ApiProblem.badRequest("invalid-status",
                    "status must be queued, retry, sent, failed or bounced.");
        }
        return queue.list(caller.require(Role.TENANT, Role.IMPORT, Role.EMAIL), status, mailboxId, due, messageId,
                after, limit);
    }

    @GetMapping("/{id}")
    @Operation(operationId = "getOutboundEmail", summary = "Get a queued (or sent) email")
    OutboundEmail get(Caller caller, @PathVariable String id) {
        return queue.get(caller.require(Role.TENANT, Role.IMPORT, Role.EMAIL), id);
    }

    @PutMapping("/{id}/status")
    @Operation(operationId = "reportOutboundStatus", summary = "Report an item sent, to retry, failed or bounced")
    @ApiResponse(responseCode = "200", description = "OK", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "409", ref = "Conflict")
    OutboundEmail report(Caller caller, @PathVariable String id, @RequestBody OutboundStatusRequest request) {
        return queue.report(caller.require(Role.EMAIL), id, request);
    }
}
