package org.openiwd.etl.console;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the batch admin console at {@code /console} (docs/console.md).
 *
 * @param users the people who sign in with a password; none by default, so a console without configured users or
 *     OIDC lets nobody in
 * @param oidc how people who sign in with an OpenID Connect provider get their role; the provider itself is a
 *     standard {@code spring.security.oauth2.client.registration.*} entry
 */
@Validated
@ConfigurationProperties("iwd.console")
public record ConsoleProperties(
        @Valid @NotNull @DefaultValue List<User> users,
        @Valid @NotNull @DefaultValue Oidc oidc) {

    /**
     * @param username the sign-in name
     * @param passwordHash its bcrypt hash ({@code $2a$...} or {@code {bcrypt}$2a$...}); never the password itself
     * @param role what the user may do
     */
    public record User(@NotBlank String username, @NotBlank String passwordHash, @NotNull ConsoleRole role) {

        @Override
        public String toString() {
            return "User[" + username + ", " + role + "]";
        }
    }

    /**
     * @param rolesClaim the ID-token or user-info claim that lists a user's console roles (strings
     *     {@code VIEWER}, {@code OPERATOR}, {@code ADMIN}, case-insensitive; others are ignored)
     * @param defaultRole the role of a signed-in OIDC user whose claim names none; {@code NONE} refuses them
     */
    public record Oidc(
            @NotBlank @DefaultValue("roles") String rolesClaim,
            @NotNull @DefaultValue("VIEWER") DefaultRole defaultRole) {

        /** A default role, or none. */
        public enum DefaultRole {
            NONE, VIEWER, OPERATOR, ADMIN
        }
    }
}
