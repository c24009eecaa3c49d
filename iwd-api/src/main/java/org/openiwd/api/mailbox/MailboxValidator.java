package org.openiwd.api.mailbox;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.regex.Pattern;

import org.openiwd.api.config.ConfigKind;
import org.openiwd.api.web.ApiProblem;
import tools.jackson.databind.JsonNode;

/**
 * Checks a mailbox request as a whole and turns it into stored settings and secret changes, filling in the
 * defaults of each type (Gmail's and Office 365's hosts, ports by security mode, folders, poll interval). Every
 * problem found is reported at once, as a 400 {@code validation} problem listing the fields. A secret is required
 * when the settings use it and none is stored; a secret that the settings no longer use is cleared.
 */
final class MailboxValidator {

    static final Pattern ID = Pattern.compile("[A-Za-z0-9_.:@-]{1,64}");
    private static final Pattern ADDRESS = Pattern.compile("[^@\\s<>()\\[\\],;:\"\\\\]{1,64}@[A-Za-z0-9.-]{1,253}");
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.:\\[\\]-]{1,253}");
    private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");
    private static final Duration MIN_POLL = Duration.ofSeconds(5);
    private static final Duration MAX_POLL = Duration.ofHours(1);
    private static final int MAX_SECRET = 65_536;

    private final List<Map<String, String>> errors = new ArrayList<>();
    private final Map<SecretSlot, Optional<String>> secretChanges = new LinkedHashMap<>();
    private final Set<SecretSlot> stored;
    private final BiPredicate<ConfigKind, String> live;

    private MailboxValidator(Set<SecretSlot> stored, BiPredicate<ConfigKind, String> live) {
        this.stored = stored;
        this.live = live;
    }

    /**
     * The settings and the secret changes ({@code Optional.empty()}: clear) of a valid request.
     *
     * @param stored the secrets stored for this mailbox now (none for a new one)
     * @param live whether the tenant has a live configuration object of a kind and id
     */
    record Result(MailboxSettings settings, Map<SecretSlot, Optional<String>> secretChanges) {
    }

    static Result validate(MailboxRequest r, Set<SecretSlot> stored, BiPredicate<ConfigKind, String> live) {
        return new MailboxValidator(stored, live).check(r);
    }

    private Result check(MailboxRequest r) {
        if (r.id() != null && !ID.matcher(r.id()).matches()) {
            error("id", "must be 1 to 64 letters, digits or _.:@-");
        }
        text("name", r.name(), 200, true);
        String type = oneOf("type", r.type(), null, "imap", "gmail", "office365");
        if (r.address() == null || !ADDRESS.matcher(r.address()).matches() || r.address().length() > 254) {
            error("address", "must be an email address like support@example.com");
        }
        text("displayName", r.displayName(), 200, false);
        String pollInterval = pollInterval(r.pollInterval());
        MailboxSettings.Inbound inbound = null;
        if (r.inbound() == null) {
            error("inbound", "is required");
        }
        else if (type != null) {
            inbound = inbound(type, r.inbound());
        }
        MailboxSettings.Outbound outbound = null;
        if (r.outbound() != null && type != null) {
            outbound = outbound(type, r.outbound(), inbound);
        }
        else {
            unusedSide(SecretSlot.OUTBOUND);
        }
        boolean defaultOutbound = Boolean.TRUE.equals(r.defaultOutbound());
        if (defaultOutbound && r.outbound() == null) {
            error("defaultOutbound", "needs outbound settings");
        }
        Routing routing = routing(r.routing());
        if (!errors.isEmpty()) {
            ApiProblem problem = ApiProblem.badRequest("validation", "Some fields are invalid.");
            problem.getBody().setProperty("errors", errors);
            throw problem;
        }
        return new Result(new MailboxSettings(type, r.address(), r.displayName(), !Boolean.FALSE.equals(r.enabled()),
                defaultOutbound, pollInterval, inbound, outbound, routing, Boolean.TRUE.equals(r.autoAcknowledge())),
                secretChanges);
    }

    private MailboxSettings.Inbound inbound(String type, MailboxRequest.Inbound in) {
        String host = host("inbound.host", in.host(), switch (type) {
            case "gmail" -> "imap.gmail.com";
            case "office365" -> "outlook.office365.com";
            default -> null;
        });
        String security = oneOf("inbound.security", in.security(), "ssl", "ssl", "starttls", "none");
        int port = port("inbound.port", in.port(), "ssl".equals(security) ? 993 : 143);
        String user = text("inbound.user", in.user(), 320, true);
        String auth = oneOf("inbound.auth", in.auth(), "imap".equals(type) ? "password" : "oauth2", "password",
                "oauth2");
        MailboxSettings.OAuth2 oauth2 = null;
        if ("password".equals(auth)) {
            secret(new SecretSlot(SecretSlot.INBOUND, SecretSlot.PASSWORD), in.password(), true);
            if (in.oauth2() != null) {
                error("inbound.oauth2", "is only for auth oauth2");
            }
            unusedOAuth2(SecretSlot.INBOUND);
        }
        else if ("oauth2".equals(auth)) {
            secret(new SecretSlot(SecretSlot.INBOUND, SecretSlot.PASSWORD), in.password(), false);
            oauth2 = oauth2(type, SecretSlot.INBOUND, in.oauth2());
        }
        MailboxSettings.Folders given = in.folders();
        MailboxSettings.Folders folders = new MailboxSettings.Folders(
                folder("inbound.folders.inbox", given == null ? null : given.inbox(), "INBOX"),
                folder("inbound.folders.processed", given == null ? null : given.processed(), "Processed"),
                folder("inbound.folders.unparsable", given == null ? null : given.unparsable(), "Unparsable"));
        return new MailboxSettings.Inbound(host, port, security, user, auth, oauth2, folders);
    }

    private MailboxSettings.Outbound outbound(String type, MailboxRequest.Outbound out,
            MailboxSettings.Inbound inbound) {
        String host = host("outbound.host", out.host(), switch (type) {
            case "gmail" -> "smtp.gmail.com";
            case "office365" -> "smtp.office365.com";
            default -> null;
        });
        String security = oneOf("outbound.security", out.security(), "starttls", "starttls", "ssl", "none");
        int port = port("outbound.port", out.port(), switch (security == null ? "starttls" : security) {
            case "ssl" -> 465;
            case "none" -> 25;
            default -> 587;
        });
        String defaultAuth = inbound != null && "oauth2".equals(inbound.auth()) ? "oauth2" : "password";
        String auth = oneOf("outbound.auth", out.auth(), defaultAuth, "password", "oauth2", "none");
        String user = text("outbound.user", out.user(), 320, "password".equals(auth));
        boolean sameAsInbound = Boolean.TRUE.equals(out.sameAsInbound())
                || out.sameAsInbound() == null && "oauth2".equals(auth) && out.oauth2() == null;
        MailboxSettings.OAuth2 oauth2 = null;
        SecretSlot password = new SecretSlot(SecretSlot.OUTBOUND, SecretSlot.PASSWORD);
        if ("oauth2".equals(auth)) {
            secret(password, out.password(), false);
            if (sameAsInbound) {
                if (out.oauth2() != null) {
                    error("outbound.oauth2", "is not taken with sameAsInbound");
                }
                if (inbound != null && !"oauth2".equals(inbound.auth())) {
                    error("outbound.sameAsInbound", "needs inbound auth oauth2");
                }
                unusedOAuth2(SecretSlot.OUTBOUND);
            }
            else {
                oauth2 = oauth2(type, SecretSlot.OUTBOUND, out.oauth2());
            }
        }
        else {
            if (Boolean.TRUE.equals(out.sameAsInbound())) {
                error("outbound.sameAsInbound", "is only for auth oauth2");
            }
            if (out.oauth2() != null) {
                error("outbound.oauth2", "is only for auth oauth2");
            }
            secret(password, out.password(), "password".equals(auth));
            unusedOAuth2(SecretSlot.OUTBOUND);
            sameAsInbound = false;
        }
        return new MailboxSettings.Outbound(host, port, security, auth, user, oauth2, sameAsInbound);
    }

    private MailboxSettings.OAuth2 oauth2(String type, String part, MailboxRequest.OAuth2 o) {
        if (o == null) {
            error(part + ".oauth2", "is required with auth oauth2");
            return null;
        }
        String field = part + ".oauth2.";
        String grant = switch (type) {
            case "office365" -> oneOf(field + "grant", o.grant(), "client_credentials", "client_credentials");
            case "gmail" -> oneOf(field + "grant", o.grant(), "refresh_token", "refresh_token", "service_account");
            default -> oneOf(field + "grant", o.grant(), null, "client_credentials", "refresh_token",
                    "service_account");
        };
        String endpoint = o.tokenEndpoint() != null ? o.tokenEndpoint()
                : "gmail".equals(type) ? "https://oauth2.googleapis.com/token" : null;
        tokenEndpoint(field + "tokenEndpoint", endpoint);
        String scope = o.scope() != null ? o.scope() : switch (type) {
            case "gmail" -> "https://mail.google.com/";
            case "office365" -> "https://outlook.office365.com/.default";
            default -> null;
        };
        text(field + "scope", scope, 1000, false);
        boolean clientCredentials = "client_credentials".equals(grant);
        boolean refresh = "refresh_token".equals(grant);
        boolean serviceAccount = "service_account".equals(grant);
        text(field + "clientId", o.clientId(), 500, clientCredentials || refresh);
        text(field + "delegatedUser", o.delegatedUser(), 320, serviceAccount);
        secret(new SecretSlot(part, SecretSlot.CLIENT_SECRET), o.clientSecret(), clientCredentials || refresh,
                grant != null && !clientCredentials && !refresh);
        secret(new SecretSlot(part, SecretSlot.REFRESH_TOKEN), o.refreshToken(), refresh,
                grant != null && !refresh);
        secret(new SecretSlot(part, SecretSlot.SERVICE_ACCOUNT_KEY), o.serviceAccountKey(), serviceAccount,
                grant != null && !serviceAccount);
        return new MailboxSettings.OAuth2(endpoint, grant, o.clientId(), scope, o.delegatedUser());
    }

    /** The OAuth2 secrets of a side that does not use OAuth2 (or uses the inbound's): none may be given. */
    private void unusedOAuth2(String part) {
        for (String name : List.of(SecretSlot.CLIENT_SECRET, SecretSlot.REFRESH_TOKEN,
                SecretSlot.SERVICE_ACCOUNT_KEY)) {
            secret(new SecretSlot(part, name), null, false);
        }
    }

    /** Every secret of a side that is absent: cleared. */
    private void unusedSide(String part) {
        secret(new SecretSlot(part, SecretSlot.PASSWORD), null, false);
        unusedOAuth2(part);
    }

    private void secret(SecretSlot slot, JsonNode given, boolean required) {
        secret(slot, given, required, !required);
    }

    /**
     * Records the change of one secret: set when given, cleared when given as null or when the settings do not use
     * it ({@code unusedIfAbsent}), kept otherwise. A required secret must end up set.
     */
    private void secret(SecretSlot slot, JsonNode given, boolean required, boolean unused) {
        if (given != null && !given.isNull()) {
            if (!given.isString() || given.asString().isEmpty() || given.asString().length() > MAX_SECRET) {
                error(slot.field(), "must be a non-empty string of at most " + MAX_SECRET + " characters");
            }
            else if (unused && !required) {
                error(slot.field(), "is not used by these settings");
            }
            else {
                secretChanges.put(slot, Optional.of(given.asString()));
            }
            return;
        }
        boolean cleared = given != null || unused && !required;
        if (cleared) {
            if (stored.contains(slot)) {
                secretChanges.put(slot, Optional.empty());
            }
            if (required) {
                error(slot.field(), "is required");
            }
        }
        else if (required && !stored.contains(slot)) {
            error(slot.field(), "is required");
        }
    }

    private Routing routing(Routing r) {
        if (r == null) {
            return Routing.NONE;
        }
        exists("routing.capturePointId", ConfigKind.CAPTURE_POINT, r.capturePointId());
        exists("routing.solutionId", ConfigKind.SOLUTION, r.solutionId());
        exists("routing.departmentId", ConfigKind.DEPARTMENT, r.departmentId());
        exists("routing.processId", ConfigKind.PROCESS, r.processId());
        exists("routing.categoryId", ConfigKind.CATEGORY, r.categoryId());
        exists("routing.queueId", ConfigKind.QUEUE, r.queueId());
        return r;
    }

    private void exists(String field, ConfigKind kind, String id) {
        if (id == null) {
            return;
        }
        if (!ID.matcher(id).matches()) {
            error(field, "must be 1 to 64 letters, digits or _.:@-");
        }
        else if (!live.test(kind, id)) {
            error(field, "names no live " + kind.wireName() + " of this tenant");
        }
    }

    private String pollInterval(String value) {
        if (value == null) {
            return "PT1M";
        }
        try {
            Duration d = Duration.parse(value);
            if (d.compareTo(MIN_POLL) >= 0 && d.compareTo(MAX_POLL) <= 0) {
                return d.toString();
            }
        }
        catch (DateTimeParseException e) {
            // reported below
        }
        error("pollInterval", "must be an ISO-8601 duration from PT5S to PT1H");
        return null;
    }

    private void tokenEndpoint(String field, String value) {
        if (value == null) {
            error(field, "is required");
            return;
        }
        try {
            URI uri = new URI(value);
            if (value.length() <= 2000 && uri.getHost() != null
                    && ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))) {
                return;
            }
        }
        catch (URISyntaxException e) {
            // reported below
        }
        error(field, "must be an http(s) URL");
    }

    private String host(String field, String value, String fallback) {
        String host = value != null ? value : fallback;
        if (host == null) {
            error(field, "is required");
        }
        else if (!HOST.matcher(host).matches()) {
            error(field, "must be a host name or address");
        }
        return host;
    }

    private int port(String field, Integer value, int fallback) {
        if (value == null) {
            return fallback;
        }
        if (value < 1 || value > 65_535) {
            error(field, "must be 1 to 65535");
        }
        return value;
    }

    private String folder(String field, String value, String fallback) {
        return text(field, value == null ? fallback : value, 200, true);
    }

    private String oneOf(String field, String value, String fallback, String... allowed) {
        String v = value == null ? fallback : value;
        if (v == null) {
            error(field, "is required: one of " + String.join(", ", allowed));
            return null;
        }
        if (!List.of(allowed).contains(v)) {
            error(field, "must be one of " + String.join(", ", allowed));
            return null;
        }
        return v;
    }

    /** Text without control characters (no header can be injected through it), at most {@code max} long. */
    private String text(String field, String value, int max, boolean required) {
        if (value == null || value.isBlank()) {
            if (required) {
                error(field, "is required");
            }
            return value;
        }
        if (value.length() > max || CONTROL.matcher(value).find()) {
            error(field, "must be at most " + max + " characters, without control characters");
        }
        return value;
    }

    private void error(String field, String message) {
        errors.add(Map.of("field", field, "message", message));
    }
}
