package org.openiwd.etl.console;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.access.hierarchicalroles.RoleHierarchyImpl;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

/**
 * The console's password users, from {@code iwd.console.users}. Only bcrypt hashes are accepted (a plain password in
 * the configuration fails the start with a message saying how to make a hash); they are checked by Spring
 * Security's delegating encoder, so a {@code {bcrypt}} prefix is optional. Also the role hierarchy (ADMIN includes
 * OPERATOR includes VIEWER) and method security ({@code @PreAuthorize} on services), in every mode of the application.
 */
@Configuration(proxyBeanMethods = false)
@EnableMethodSecurity
class ConsoleUsers {

    private static final Pattern BCRYPT = Pattern.compile("^(\\{bcrypt\\})?\\$2[aby]?\\$\\d\\d\\$[./A-Za-z0-9]{53}$");

    @Bean
    static RoleHierarchy consoleRoleHierarchy() {
        return RoleHierarchyImpl.fromHierarchy("""
                ROLE_ADMIN > ROLE_OPERATOR
                ROLE_OPERATOR > ROLE_VIEWER
                """);
    }

    @Bean
    PasswordEncoder consolePasswordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    UserDetailsService consoleUserDetails(ConsoleProperties properties) {
        List<UserDetails> users = new ArrayList<>();
        for (ConsoleProperties.User user : properties.users()) {
            users.add(User.withUsername(user.username()).password(bcrypt(user))
                    .authorities(user.role().authority()).build());
        }
        return new InMemoryUserDetailsManager(users);
    }

    private static String bcrypt(ConsoleProperties.User user) {
        String hash = user.passwordHash().trim();
        if (!BCRYPT.matcher(hash).matches()) {
            throw new IllegalArgumentException("iwd.console.users: the password-hash of user '" + user.username()
                    + "' is not a bcrypt hash; make one with: htpasswd -nbBC 10 '' 'PASSWORD' | tr -d ':\\n'"
                    + " (docs/console.md)");
        }
        return hash.startsWith("{bcrypt}") ? hash : "{bcrypt}" + hash;
    }
}
