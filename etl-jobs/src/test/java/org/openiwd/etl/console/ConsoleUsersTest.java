package org.openiwd.etl.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.user.OidcUserAuthority;

/** Configured users must carry bcrypt hashes; OIDC users get their roles from the configured claim. */
class ConsoleUsersTest {

    private static ConsoleProperties properties(String hash) {
        return new ConsoleProperties(List.of(new ConsoleProperties.User("ops", hash, ConsoleRole.OPERATOR)),
                new ConsoleProperties.Oidc("roles", ConsoleProperties.Oidc.DefaultRole.VIEWER));
    }

    @Test
    void aPlainPasswordInsteadOfABcryptHashFailsTheStartWithHowToMakeOne() {
        assertThatThrownBy(() -> new ConsoleUsers().consoleUserDetails(properties("secret")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a bcrypt hash")
                .hasMessageContaining("htpasswd");
    }

    @Test
    void bcryptHashesWithOrWithoutThePrefixAreAccepted() {
        var users = new ConsoleUsers();
        var details = users.consoleUserDetails(
                properties("$2y$10$TwvJ2Xiy0Bo6.dHqB6OIAuq1UASlgYGtZmoRySARP/FahKCU6twfO")).loadUserByUsername("ops");
        assertThat(details.getPassword()).startsWith("{bcrypt}$2y$");
        assertThat(details.getAuthorities()).extracting(GrantedAuthority::getAuthority).containsExactly("ROLE_OPERATOR");
        assertThat(users.consolePasswordEncoder().matches("operator-secret",
                users.consoleUserDetails(properties(
                        "{bcrypt}$2a$10$TwvJ2Xiy0Bo6.dHqB6OIAuq1UASlgYGtZmoRySARP/FahKCU6twfO"))
                        .loadUserByUsername("ops").getPassword())).isTrue();
    }

    @Test
    void anOidcUserGetsTheRolesOfTheClaimElseTheDefaultRole() {
        var mapper = ConsoleSecurity.oidcRoles(new ConsoleProperties.Oidc("groups",
                ConsoleProperties.Oidc.DefaultRole.VIEWER));
        assertThat(mapper.mapAuthorities(List.of(oidc(List.of("admin", "unrelated")))))
                .extracting(GrantedAuthority::getAuthority).containsExactly("ROLE_ADMIN");
        assertThat(mapper.mapAuthorities(List.of(oidc(List.of("somebody")))))
                .extracting(GrantedAuthority::getAuthority).containsExactly("ROLE_VIEWER");
        var strict = ConsoleSecurity.oidcRoles(new ConsoleProperties.Oidc("groups",
                ConsoleProperties.Oidc.DefaultRole.NONE));
        assertThat(strict.mapAuthorities(List.of(oidc(List.of()), new SimpleGrantedAuthority("SCOPE_openid"))))
                .isEmpty();
    }

    private static OidcUserAuthority oidc(List<String> groups) {
        OidcIdToken token = OidcIdToken.withTokenValue("t").subject("alice").claim("groups", groups)
                .issuedAt(java.time.Instant.now()).expiresAt(java.time.Instant.now().plusSeconds(60)).build();
        return new OidcUserAuthority(token);
    }
}
