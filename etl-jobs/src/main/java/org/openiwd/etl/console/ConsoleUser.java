package org.openiwd.etl.console;

import java.util.Optional;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * The signed-in console user as pages and the audit log show it: a name and the highest role.
 *
 * @param name the sign-in name (a password user's username, an OIDC user's subject or preferred name)
 * @param role the highest role, or null for a user without one
 */
public record ConsoleUser(String name, ConsoleRole role) {

    /** The user of the current request's security context, if one is signed in. */
    public static Optional<ConsoleUser> current() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null || !authentication.isAuthenticated()
                || "anonymousUser".equals(authentication.getPrincipal())) {
            return Optional.empty();
        }
        ConsoleRole highest = null;
        for (GrantedAuthority authority : authentication.getAuthorities()) {
            for (ConsoleRole role : ConsoleRole.values()) {
                if (role.authority().equals(authority.getAuthority())
                        && (highest == null || role.compareTo(highest) > 0)) {
                    highest = role;
                }
            }
        }
        return Optional.of(new ConsoleUser(displayName(authentication), highest));
    }

    /** The name of the current user, or {@code "anonymous"}. */
    public static String currentName() {
        return current().map(ConsoleUser::name).orElse("anonymous");
    }

    private static String displayName(Authentication authentication) {
        if (authentication.getPrincipal() instanceof org.springframework.security.oauth2.core.oidc.user.OidcUser oidc) {
            String preferred = oidc.getPreferredUsername();
            return preferred != null ? preferred : oidc.getSubject();
        }
        return authentication.getName();
    }

    /** Whether the user may act (launch, stop, edit schedules...). */
    public boolean canOperate() {
        return role != null && role.compareTo(ConsoleRole.OPERATOR) >= 0;
    }

    /** Whether the user may read the audit log and rebuild Data Marts. */
    public boolean isAdmin() {
        return role == ConsoleRole.ADMIN;
    }
}
