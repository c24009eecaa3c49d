package org.openiwd.api.config;

import java.util.Map;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * The body of {@code POST} and {@code PUT} on a configuration collection. {@code id} is the caller's natural id
 * (tasks name their process, queue... by it); one is generated when a create gives none.
 */
public record ConfigRequest(
        @Size(max = 64) @Pattern(regexp = "[A-Za-z0-9_.:@-]+") String id,
        @NotBlank @Size(max = 200) String name,
        @Size(max = 64) @Pattern(regexp = "[A-Za-z0-9_.:@-]+") String parentId,
        @Size(max = 100) Map<String, Object> settings) {
}
