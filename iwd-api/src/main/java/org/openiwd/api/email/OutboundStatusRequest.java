package org.openiwd.api.email;

import java.time.OffsetDateTime;

import io.swagger.v3.oas.annotations.media.Schema;

/** The body of {@code PUT /emails/outbound/{id}/status}: what became of a sending attempt. */
@Schema(name = "OutboundStatusRequest")
record OutboundStatusRequest(
        @Schema(allowableValues = {"sent", "retry", "failed", "bounced"}, requiredMode = Schema.RequiredMode.REQUIRED)
        String status,
        @Schema(description = "Required for failed and bounced") String reason,
        @Schema(description = "For retry: when the item is due again (default: in one minute)")
        OffsetDateTime nextAttemptAt) {
}
