package org.openiwd.api.mailbox;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import io.swagger.v3.oas.annotations.media.Schema;
import org.openiwd.api.EmailProperties;
import org.openiwd.api.config.ConfigKind;
import org.openiwd.api.config.ConfigObject;
import org.openiwd.api.config.ConfigRequest;
import org.openiwd.api.config.ConfigService;
import org.openiwd.api.security.Caller;
import org.openiwd.api.web.ApiProblem;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Mailboxes: configuration objects of kind {@code mailbox} (versioned, one configuration event per change, through
 * {@link ConfigService}) whose secrets are sealed apart in {@link MailboxSecrets} and never enter the settings, the
 * events or a response. Each change is one transaction: the object, its secrets and the clearing of the previous
 * default outbound mailbox commit together. The per-tenant limit is counted under the tenant's configuration lock.
 */
@Service
class MailboxService {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() { };

    private final ConfigService config;
    private final MailboxSecrets secrets;
    private final MailboxStatusRepository statuses;
    private final SecretCipher cipher;
    private final JsonMapper json;
    private final int maxMailboxes;

    MailboxService(ConfigService config, MailboxSecrets secrets, MailboxStatusRepository statuses, SecretCipher cipher,
            JsonMapper json, EmailProperties properties) {
        this.config = config;
        this.secrets = secrets;
        this.statuses = statuses;
        this.cipher = cipher;
        this.json = json;
        this.maxMailboxes = properties.maxMailboxes();
    }

    @Transactional
    Mailbox create(Caller caller, MailboxRequest request) {
        String tenant = caller.tenant();
        if (config.countLiveLocked(tenant, ConfigKind.MAILBOX) >= maxMailboxes) {
            throw ApiProblem.conflict("mailbox-limit", "A tenant may have at most " + maxMailboxes
                    + " mailboxes; delete one first.");
        }
        MailboxValidator.Result valid = validate(tenant, request, Set.of());
        String id = request.id() != null ? request.id() : UUID.randomUUID().toString();
        config.create(caller, ConfigKind.MAILBOX, configRequest(id, request, valid.settings()));
        secrets.apply(tenant, id, valid.secretChanges());
        if (valid.settings().defaultOutbound()) {
            clearOtherDefaults(caller, id);
        }
        return get(caller, id);
    }

    @Transactional
    Mailbox update(Caller caller, String id, MailboxRequest request, Integer ifMatch) {
        String tenant = caller.tenant();
        live(caller, id);
        if (request.id() != null && !request.id().equals(id)) {
            throw ApiProblem.badRequest("id-mismatch", "The body's id differs from the id in the path.");
        }
        MailboxValidator.Result valid = validate(tenant, request, secrets.stored(tenant, id));
        config.update(caller, ConfigKind.MAILBOX, id, configRequest(id, request, valid.settings()), ifMatch);
        secrets.apply(tenant, id, valid.secretChanges());
        if (valid.settings().defaultOutbound()) {
            clearOtherDefaults(caller, id);
        }
        return get(caller, id);
    }

    /**
     * Retires the mailbox: kept for history, no longer listed; its secrets and status are deleted. With
     * {@code ifMatch}, only at that version (412 otherwise).
     */
    @Transactional
    Mailbox retire(Caller caller, String id, Integer ifMatch) {
        String tenant = caller.tenant();
        ConfigObject retired = config.retire(caller, ConfigKind.MAILBOX, id, ifMatch);
        secrets.deleteAll(tenant, id);
        statuses.delete(tenant, id);
        return view(retired, Set.of(), null);
    }

    @Transactional(readOnly = true)
    Mailbox get(Caller caller, String id) {
        String tenant = caller.tenant();
        ConfigObject object = config.get(caller, ConfigKind.MAILBOX, id);
        return view(object, secrets.stored(tenant, id), statuses.find(tenant, id).orElse(null));
    }

    @Schema(name = "MailboxPage", description = "`next` is the `after` of the next page (with the same `since`), "
            + "null on the last one; `revision` is the `since` of the next incremental load: keep the last page's. "
            + "Every change committed after a load's first page has a higher revision, so nothing is lost")
    record Page(List<Mailbox> items, String next, long revision) {
    }

    @Transactional(readOnly = true, isolation = Isolation.REPEATABLE_READ)
    Page list(Caller caller, Long since, String after, int limit) {
        String tenant = caller.tenant();
        ConfigService.Page page = config.list(caller, ConfigKind.MAILBOX, since, after, limit);
        Map<String, Set<SecretSlot>> stored = secrets.storedByMailbox(tenant);
        Map<String, MailboxStatus> status = statuses.all(tenant);
        return new Page(page.items().stream()
                .map(o -> view(o, stored.getOrDefault(o.id(), Set.of()), status.get(o.id()))).toList(),
                page.next(), page.revision());
    }

    @Transactional
    MailboxStatus reportStatus(Caller caller, String id, MailboxStatus report) {
        live(caller, id);
        return statuses.report(caller.tenant(), id, MailboxStatusRules.checked(report));
    }

    @Transactional(readOnly = true)
    MailboxCredentials credentials(Caller caller, String id) {
        ConfigObject object = live(caller, id);
        MailboxSettings settings = settings(object);
        Map<SecretSlot, String> open = secrets.open(caller.tenant(), id);
        MailboxCredentials.Secrets inbound = secretsOf(open, SecretSlot.INBOUND);
        MailboxCredentials.Secrets outbound = null;
        if (settings.outbound() != null) {
            MailboxCredentials.Secrets own = secretsOf(open, SecretSlot.OUTBOUND);
            outbound = settings.outbound().sameAsInbound()
                    ? new MailboxCredentials.Secrets(own.password(), inbound.clientSecret(), inbound.refreshToken(),
                            inbound.serviceAccountKey())
                    : own;
        }
        return new MailboxCredentials(inbound, outbound);
    }

    /** The mailbox as the email feature routes by it, live or retired; empty when it never existed. */
    @Transactional(readOnly = true)
    Optional<Mailboxes.Route> route(Caller caller, String id) {
        try {
            ConfigObject object = config.get(caller, ConfigKind.MAILBOX, id);
            return Optional.of(route(object));
        }
        catch (ApiProblem e) {
            if (e.getStatusCode().value() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** The tenant's live default outbound mailbox. */
    @Transactional(readOnly = true)
    Optional<Mailboxes.Route> defaultOutbound(Caller caller) {
        return config.list(caller, ConfigKind.MAILBOX, null, null, 1000).items().stream()
                .filter(o -> settings(o).defaultOutbound()).findFirst().map(this::route);
    }

    private Mailboxes.Route route(ConfigObject object) {
        MailboxSettings s = settings(object);
        return new Mailboxes.Route(object.id(), s.address(), s.displayName(), s.routing() == null ? Routing.NONE
                : s.routing(), s.autoAcknowledge(), s.outbound() != null, !object.deleted());
    }

    private void clearOtherDefaults(Caller caller, String id) {
        for (ConfigObject other : config.list(caller, ConfigKind.MAILBOX, null, null, 1000).items()) {
            MailboxSettings settings = settings(other);
            if (!other.id().equals(id) && settings.defaultOutbound()) {
                config.update(caller, ConfigKind.MAILBOX, other.id(), new ConfigRequest(other.id(), other.name(), null,
                        json.convertValue(settings.withDefaultOutbound(false), MAP)), null);
            }
        }
    }

    private MailboxValidator.Result validate(String tenant, MailboxRequest request, Set<SecretSlot> stored) {
        MailboxValidator.Result valid = MailboxValidator.validate(request, stored,
                (kind, objectId) -> config.isLive(tenant, kind, objectId));
        if (!cipher.hasKey() && valid.secretChanges().values().stream().anyMatch(Optional::isPresent)) {
            throw SecretCipher.keyMissing();
        }
        return valid;
    }

    private ConfigRequest configRequest(String id, MailboxRequest request, MailboxSettings settings) {
        return new ConfigRequest(id, request.name(), null, json.convertValue(settings, MAP));
    }

    private ConfigObject live(Caller caller, String id) {
        ConfigObject object = config.get(caller, ConfigKind.MAILBOX, id);
        if (object.deleted()) {
            throw ApiProblem.notFound("The mailbox " + id);
        }
        return object;
    }

    private MailboxSettings settings(ConfigObject object) {
        return json.convertValue(object.settings(), MailboxSettings.class);
    }

    private static MailboxCredentials.Secrets secretsOf(Map<SecretSlot, String> open, String part) {
        return new MailboxCredentials.Secrets(open.get(new SecretSlot(part, SecretSlot.PASSWORD)),
                open.get(new SecretSlot(part, SecretSlot.CLIENT_SECRET)),
                open.get(new SecretSlot(part, SecretSlot.REFRESH_TOKEN)),
                open.get(new SecretSlot(part, SecretSlot.SERVICE_ACCOUNT_KEY)));
    }

    private Mailbox view(ConfigObject object, Set<SecretSlot> stored, MailboxStatus status) {
        MailboxSettings s = settings(object);
        Mailbox.Inbound inbound = s.inbound() == null ? null : new Mailbox.Inbound(s.inbound().host(),
                s.inbound().port(), s.inbound().security(), s.inbound().user(), s.inbound().auth(),
                stored.contains(new SecretSlot(SecretSlot.INBOUND, SecretSlot.PASSWORD)),
                oauth2(s.inbound().oauth2(), SecretSlot.INBOUND, stored), s.inbound().folders());
        Mailbox.Outbound outbound = s.outbound() == null ? null : new Mailbox.Outbound(s.outbound().host(),
                s.outbound().port(), s.outbound().security(), s.outbound().auth(), s.outbound().user(),
                stored.contains(new SecretSlot(SecretSlot.OUTBOUND, SecretSlot.PASSWORD)),
                oauth2(s.outbound().oauth2(), SecretSlot.OUTBOUND, stored), s.outbound().sameAsInbound());
        return new Mailbox(object.id(), object.name(), s.type(), s.address(), s.displayName(), s.enabled(),
                s.defaultOutbound(), s.pollInterval(), inbound, outbound, s.routing(), s.autoAcknowledge(),
                object.version(), object.revision(), object.deleted(), object.createdAt(), object.updatedAt(),
                status == null ? MailboxStatus.NONE : status);
    }

    private static Mailbox.OAuth2 oauth2(MailboxSettings.OAuth2 o, String part, Set<SecretSlot> stored) {
        if (o == null) {
            return null;
        }
        return new Mailbox.OAuth2(o.tokenEndpoint(), o.grant(), o.clientId(),
                stored.contains(new SecretSlot(part, SecretSlot.CLIENT_SECRET)), o.scope(),
                stored.contains(new SecretSlot(part, SecretSlot.REFRESH_TOKEN)),
                stored.contains(new SecretSlot(part, SecretSlot.SERVICE_ACCOUNT_KEY)), o.delegatedUser());
    }
}
