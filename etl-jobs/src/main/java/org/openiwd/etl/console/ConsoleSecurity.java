package org.openiwd.etl.console;

import java.util.LinkedHashSet;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.authority.mapping.GrantedAuthoritiesMapper;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.core.oidc.user.OidcUserAuthority;
import org.springframework.security.oauth2.core.user.OAuth2UserAuthority;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.DelegatingAuthenticationEntryPoint;
import org.springframework.security.web.authentication.HttpStatusEntryPoint;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.www.BasicAuthenticationEntryPoint;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Who may do what in the console. One filter chain for {@code /console/**} only: every other path of the web port
 * and the whole management port (actuator health and Prometheus) pass through unsecured, as before the console.
 * <ul>
 * <li>Pages sign in with a form at {@code /console/login} (users of {@link ConsoleProperties#users()}) or, when a
 * {@code spring.security.oauth2.client.registration} is configured, with OIDC; sessions live in the database
 * (Spring Session JDBC, table {@code etl.spring_session}), so any replica serves any request.</li>
 * <li>The JSON API under {@code /console/api/**} also takes HTTP Basic; an unauthenticated API call gets 401, never
 * a redirect. A call that carries Basic credentials needs no CSRF token (no ambient cookie is involved); every
 * other state-changing request does.</li>
 * <li>Roles: GET and HEAD need {@link ConsoleRole#VIEWER}; any other method {@link ConsoleRole#OPERATOR}; the
 * audit log and the Data Mart rebuild {@link ConsoleRole#ADMIN}. Each role includes the lower ones.</li>
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class ConsoleSecurity {

    static final String LOGIN = "/console/login";

    @Bean
    SecurityFilterChain consoleFilterChain(HttpSecurity http, ConsoleProperties properties,
            ObjectProvider<ClientRegistrationRepository> oidcProviders) throws Exception {
        PathPatternRequestMatcher.Builder paths = PathPatternRequestMatcher.withDefaults();
        RequestMatcher api = paths.matcher("/console/api/**");
        RequestMatcher basicApiCall = request -> api.matches(request) && carriesBasicCredentials(request);
        http.securityMatcher(paths.matcher("/console/**"))
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers(LOGIN, "/console/assets/**", "/console/webjars/**").permitAll()
                        .requestMatchers("/console/audit/**", "/console/api/audit/**").hasRole("ADMIN")
                        .requestMatchers("/console/repair/*/rebuild", "/console/api/tenants/*/rebuild")
                        .hasRole("ADMIN")
                        .requestMatchers(HttpMethod.GET, "/console/**").hasRole("VIEWER")
                        .requestMatchers(HttpMethod.HEAD, "/console/**").hasRole("VIEWER")
                        .anyRequest().hasRole("OPERATOR"))
                .formLogin(form -> form.loginPage(LOGIN).loginProcessingUrl(LOGIN)
                        .defaultSuccessUrl("/console", false).failureUrl(LOGIN + "?error").permitAll())
                .httpBasic(basic -> basic.realmName("IWD console"))
                .logout(logout -> logout.logoutUrl("/console/logout").logoutSuccessUrl(LOGIN + "?signedOut"))
                .csrf(csrf -> csrf.ignoringRequestMatchers(basicApiCall))
                .exceptionHandling(errors -> errors.authenticationEntryPoint(entryPoint(api)));
        ClientRegistrationRepository oidc = oidcProviders.getIfAvailable();
        if (oidc != null) {
            http.oauth2Login(login -> login.loginPage(LOGIN)
                    .authorizationEndpoint(endpoint -> endpoint.baseUri("/console/oauth2/authorization"))
                    .redirectionEndpoint(endpoint -> endpoint.baseUri("/console/login/oauth2/code/*"))
                    .userInfoEndpoint(userInfo -> userInfo.userAuthoritiesMapper(oidcRoles(properties.oidc())))
                    .defaultSuccessUrl("/console", false));
        }
        return http.build();
    }

    private static boolean carriesBasicCredentials(HttpServletRequest request) {
        String authorization = request.getHeader("Authorization");
        return authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6);
    }

    /**
     * API calls get 401 with a Basic challenge; htmx requests of an expired session get 401 and an
     * {@code HX-Redirect} to the sign-in page (htmx then loads it whole instead of swapping it into a fragment);
     * pages redirect to the sign-in page.
     */
    private static AuthenticationEntryPoint entryPoint(RequestMatcher api) {
        BasicAuthenticationEntryPoint basic = new BasicAuthenticationEntryPoint();
        basic.setRealmName("IWD console");
        HttpStatusEntryPoint unauthorized = new HttpStatusEntryPoint(HttpStatus.UNAUTHORIZED);
        return DelegatingAuthenticationEntryPoint.builder()
                .addEntryPointFor(basic, api)
                .addEntryPointFor((request, response, e) -> {
                    response.setHeader("HX-Redirect", LOGIN);
                    unauthorized.commence(request, response, e);
                }, request -> request.getHeader("HX-Request") != null)
                .defaultEntryPoint(new LoginUrlAuthenticationEntryPoint(LOGIN))
                .build();
    }

    /**
     * An OIDC user's console roles: the role names in the configured claim, else the default role, else none (the
     * user is signed in but every page answers 403).
     */
    static GrantedAuthoritiesMapper oidcRoles(ConsoleProperties.Oidc oidc) {
        return authorities -> {
            Set<GrantedAuthority> mapped = new LinkedHashSet<>();
            for (GrantedAuthority authority : authorities) {
                Object claim = switch (authority) {
                    case OidcUserAuthority user -> user.getAttributes().get(oidc.rolesClaim());
                    case OAuth2UserAuthority user -> user.getAttributes().get(oidc.rolesClaim());
                    default -> null;
                };
                if (claim instanceof Iterable<?> values) {
                    values.forEach(value -> role(String.valueOf(value), mapped));
                }
                else if (claim != null) {
                    for (String value : String.valueOf(claim).split("[,\\s]+")) {
                        role(value, mapped);
                    }
                }
            }
            if (mapped.isEmpty() && oidc.defaultRole() != ConsoleProperties.Oidc.DefaultRole.NONE) {
                mapped.add(new SimpleGrantedAuthority(ConsoleRole.valueOf(oidc.defaultRole().name()).authority()));
            }
            return mapped;
        };
    }

    private static void role(String name, Set<GrantedAuthority> into) {
        for (ConsoleRole role : ConsoleRole.values()) {
            if (role.name().equalsIgnoreCase(name.trim())) {
                into.add(new SimpleGrantedAuthority(role.authority()));
            }
        }
    }
}
