package org.openiwd.api.email;

import io.swagger.v3.oas.annotations.media.Schema;

/** An address of a message, with its display name when it has one. */
@Schema(name = "EmailAddress")
public record EmailAddress(
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String address,
        String name) {
}
