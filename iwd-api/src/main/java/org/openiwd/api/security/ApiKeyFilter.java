package org.openiwd.api.security;

import java.io.IOException;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.openiwd.api.ApiProperties;
import org.openiwd.api.web.ApiProblem;
import org.openiwd.api.web.ProblemWriter;
import org.slf4j.MDC;
import org.springframework.http.HttpStatus;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Resolves {@code x-api-key} into a {@link Caller} for every {@code /iwd/v3} request, and puts the request id and
 * tenant into the logging context. A missing or unknown key is answered 401 here, before any controller runs.
 */
@Component
@Order(1)
class ApiKeyFilter extends OncePerRequestFilter {

    static final String API_KEY = "x-api-key";
    static final String TENANT_HEADER = "x-iwd-tenant";

    /** The OpenAPI document, its YAML form and the UI's settings (springdoc in iwd-api.yml): open to all. */
    private static final Set<String> OPEN_PATHS = Set.of("/iwd/v3/openapi.json", "/iwd/v3/openapi.json.yaml",
            "/iwd/v3/openapi.json/swagger-config", "/iwd/v3/docs");
    /** The UI's static files, where {@code /iwd/v3/docs} redirects: one plain file name, never a way up. */
    private static final Pattern UI_FILE = Pattern.compile("/iwd/v3/swagger-ui/[\\w-]+(\\.[\\w-]+)*");

    private final ApiProperties properties;
    private final ApiKeyRepository keys;
    private final ApiKeyCache cache;
    private final RequestRateLimiter rateLimiter;
    private final ProblemWriter problems;

    ApiKeyFilter(ApiProperties properties, ApiKeyRepository keys, ApiKeyCache cache, RequestRateLimiter rateLimiter,
            ProblemWriter problems) {
        this.properties = properties;
        this.keys = keys;
        this.cache = cache;
        this.rateLimiter = rateLimiter;
        this.problems = problems;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return !path.startsWith("/iwd/v3/") || OPEN_PATHS.contains(path)
                || UI_FILE.matcher(path).matches();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String requestId = Optional.ofNullable(request.getHeader("x-request-id"))
                .filter(id -> id.length() <= 64).orElseGet(() -> UUID.randomUUID().toString());
        MDC.put("requestId", requestId);
        response.setHeader("x-request-id", requestId);
        try {
            String key = request.getHeader(API_KEY);
            if (key == null || key.isBlank() || key.length() > 200) {
                problems.write(request, response, ApiProblem.unauthorized());
                return;
            }
            // Hashed once per request: the tenant key look-up and its rate limit both go by the hash.
            byte[] hash = ApiKeys.hash(key);
            Optional<Caller> caller = resolve(key, hash, request.getHeader(TENANT_HEADER));
            if (caller.isEmpty()) {
                problems.write(request, response, ApiProblem.unauthorized());
                return;
            }
            if (!caller.get().cluster() && !rateLimiter.tryAcquire(hash, caller.get().tenantId())) {
                response.setHeader("Retry-After", "1");
                problems.write(request, response, new ApiProblem(HttpStatus.TOO_MANY_REQUESTS, "rate-limited",
                        "Too many requests", "This key made more requests this second than it may; retry later."));
                return;
            }
            if (caller.get().cluster() && caller.get().tenantId() != null
                    && !keys.tenantExists(caller.get().tenantId())) {
                problems.write(request, response, ApiProblem.notFound("Tenant " + caller.get().tenantId()));
                return;
            }
            if (caller.get().tenantId() != null) {
                MDC.put("tenant", caller.get().tenantId());
            }
            request.setAttribute(Caller.class.getName(), caller.get());
            chain.doFilter(request, response);
        }
        finally {
            MDC.remove("requestId");
            MDC.remove("tenant");
        }
    }

    private Optional<Caller> resolve(String key, byte[] hash, String tenantHeader) {
        if (ApiKeys.matches(properties.adminApiKey(), key)) {
            return Optional.of(new Caller(Role.ADMIN, null, true));
        }
        for (Role role : new Role[] {Role.DATAMART, Role.EMAIL}) {
            String configured = role == Role.DATAMART ? properties.datamartApiKey() : properties.emailApiKey();
            if (ApiKeys.matches(configured, key)) {
                // An unknown tenant named by a cluster key is answered like another tenant's object: 404 later.
                String tenant = tenantHeader == null || tenantHeader.isBlank() ? null : tenantHeader;
                return Optional.of(new Caller(role, tenant, true));
            }
        }
        return cache.resolve(hash, () -> keys.findActive(hash));
    }
}
