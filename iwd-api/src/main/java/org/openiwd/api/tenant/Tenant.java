package org.openiwd.api.tenant;

import java.time.ZoneId;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * A tenant as provisioned.
 *
 * @param id {@code [A-Za-z0-9_-]{1,32}}, such as {@code 100}
 * @param name display name
 * @param timeZone IANA zone id, the zone of the tenant's reports
 */
public record Tenant(
        @NotBlank @Pattern(regexp = "[A-Za-z0-9_-]{1,32}") String id,
        @NotBlank @Size(max = 200) String name,
        @NotBlank @Size(max = 64) String timeZone) {

    /** Throws {@link IllegalArgumentException} when the zone is not a region id the JDK knows. */
    void validateZone() {
        try {
            ZoneId.of(timeZone);
        }
        catch (RuntimeException e) {
            throw new IllegalArgumentException("timeZone '" + timeZone + "' is not an IANA time zone id");
        }
    }
}
