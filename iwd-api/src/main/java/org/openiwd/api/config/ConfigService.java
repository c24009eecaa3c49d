package org.openiwd.api.config;

import java.util.List;
import java.util.UUID;

import io.swagger.v3.oas.annotations.media.Schema;
import org.openiwd.api.cache.RedisGateway;
import org.openiwd.api.feed.FeedEventsAppended;
import org.openiwd.api.security.Caller;
import org.openiwd.api.web.ApiProblem;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Creates, changes and retires configuration objects. Each change is one transaction that takes the tenant's
 * next configuration revision, raises the object's version and appends one configuration event with the object
 * as it now is, so the Data Mart can rebuild its history (SCD-2) from the feed. Public for the features that
 * keep a kind of their own here (mailboxes): their methods join the caller's transaction.
 */
@Service
public class ConfigService {

    private final ConfigRepository repository;
    private final ApplicationEventPublisher publisher;
    private final RedisGateway redis;

    ConfigService(ConfigRepository repository, ApplicationEventPublisher publisher, RedisGateway redis) {
        this.repository = repository;
        this.publisher = publisher;
        this.redis = redis;
    }

    @Transactional
    public ConfigObject create(Caller caller, ConfigKind kind, ConfigRequest request) {
        String tenant = caller.tenant();
        validate(tenant, kind, request, null);
        long revision = repository.nextRevision(tenant);
        String id = request.id() != null ? request.id() : UUID.randomUUID().toString();
        boolean inserted;
        try {
            inserted = repository.insert(tenant, kind, id, request, revision);
        }
        catch (DuplicateKeyException e) {
            throw nameTaken(kind, request);
        }
        if (!inserted) {
            throw ApiProblem.conflict("id-taken", "A " + kind.wireName() + " with id " + id
                    + " exists or existed; ids are not reused.");
        }
        return changed(tenant, kind, id, "created");
    }

    @Transactional
    public ConfigObject update(Caller caller, ConfigKind kind, String id, ConfigRequest request, Integer ifMatch) {
        String tenant = caller.tenant();
        requireVersion(kind, live(tenant, kind, id, true), ifMatch);
        if (request.id() != null && !request.id().equals(id)) {
            throw ApiProblem.badRequest("id-mismatch", "The body's id differs from the id in the path.");
        }
        validate(tenant, kind, request, id);
        long revision = repository.nextRevision(tenant);
        try {
            repository.update(tenant, kind, id, request, revision);
        }
        catch (DuplicateKeyException e) {
            throw nameTaken(kind, request);
        }
        return changed(tenant, kind, id, "updated");
    }

    /**
     * Retires the object: kept for history, gone from lists and from classification. With {@code ifMatch}, only
     * while the object is at that version (412 {@code version-mismatch} otherwise), as an update.
     */
    @Transactional
    public ConfigObject retire(Caller caller, ConfigKind kind, String id, Integer ifMatch) {
        String tenant = caller.tenant();
        requireVersion(kind, live(tenant, kind, id, true), ifMatch);
        if (repository.hasLiveChildren(tenant, kind, id)) {
            throw ApiProblem.conflict("has-children", "The " + kind.wireName() + " " + id
                    + " still has live children; retire or move them first.");
        }
        repository.retire(tenant, kind, id, repository.nextRevision(tenant));
        return changed(tenant, kind, id, "deleted");
    }

    @Transactional(readOnly = true)
    public ConfigObject get(Caller caller, ConfigKind kind, String id) {
        return repository.find(caller.tenant(), kind, id, false)
                .orElseThrow(() -> ApiProblem.notFound("The " + kind.wireName() + " " + id));
    }

    /**
     * A page of a configuration list. {@code next} is the {@code after} of the next page, null on the last one;
     * {@code revision} is the {@code since} to keep once the last page is read (see {@link ConfigController}).
     */
    @Schema(name = "ConfigPage", description = "`next` is the `after` of the next page (with the same `since`), "
            + "null on the last one; `revision` is the `since` of the next incremental load: keep the last page's. "
            + "Every change committed after a load's first page has a higher revision, so nothing is lost")
    public record Page(List<ConfigObject> items, String next, long revision) {
    }

    /**
     * Without {@code since}, the live objects in id order, every page carrying the revision read with the first
     * page (in the cursor); with {@code since}, every object changed after it in revision order, so that an
     * object changed while a client pages moves to a later page. One snapshot per page.
     */
    @Transactional(readOnly = true, isolation = org.springframework.transaction.annotation.Isolation.REPEATABLE_READ)
    public Page list(Caller caller, ConfigKind kind, Long since, String after, int limit) {
        String tenant = caller.tenant();
        if (since != null) {
            long from = after == null ? since : Math.max(since, ConfigListCursor.changesAfter(after));
            List<ConfigObject> items = repository.changedSince(tenant, kind, from, limit);
            if (items.size() < limit) {
                return new Page(items, null, repository.currentRevision(tenant));
            }
            long last = items.getLast().revision();
            return new Page(items, ConfigListCursor.changes(last), last);
        }
        ConfigListCursor.Live cursor = after == null
                ? new ConfigListCursor.Live(repository.currentRevision(tenant), "")
                : ConfigListCursor.live(after);
        List<ConfigObject> items = repository.live(tenant, kind, cursor.afterId(), limit);
        String next = items.size() < limit ? null : cursor.next(items.getLast().id()).encoded();
        return new Page(items, next, cursor.revision());
    }

    /** Whether the tenant has a live object of this kind with this id. */
    @Transactional(readOnly = true)
    public boolean isLive(String tenantId, ConfigKind kind, String id) {
        return repository.isLive(tenantId, kind, id);
    }

    /**
     * The number of live objects of a kind, counted under the tenant's configuration lock (held until the
     * transaction ends), so that a limit checked on it holds against concurrent creates.
     */
    @Transactional
    public long countLiveLocked(String tenantId, ConfigKind kind) {
        repository.lockTenant(tenantId);
        return repository.countLive(tenantId, kind);
    }

    private ConfigObject changed(String tenant, ConfigKind kind, String id, String operation) {
        ConfigObject object = repository.find(tenant, kind, id, false).orElseThrow();
        repository.appendEvent(tenant, object, operation);
        publisher.publishEvent(FeedEventsAppended.CONFIG);
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                redis.publish(Classification.CONFIG_MESSAGE + tenant);
            }
        });
        return object;
    }

    private static void requireVersion(ConfigKind kind, ConfigObject current, Integer ifMatch) {
        if (ifMatch != null && ifMatch != current.version()) {
            throw new ApiProblem(HttpStatus.PRECONDITION_FAILED, "version-mismatch", "Precondition failed",
                    "The " + kind.wireName() + " is at version " + current.version() + ", not " + ifMatch + ".");
        }
    }

    private ConfigObject live(String tenant, ConfigKind kind, String id, boolean lock) {
        return repository.find(tenant, kind, id, lock).filter(o -> !o.deleted())
                .orElseThrow(() -> ApiProblem.notFound("The " + kind.wireName() + " " + id));
    }

    private void validate(String tenant, ConfigKind kind, ConfigRequest request, String id) {
        try {
            ConfigSettingsValidator.validate(kind, request.settings());
        }
        catch (IllegalArgumentException e) {
            throw ApiProblem.badRequest("invalid-settings", e.getMessage());
        }
        ConfigKind parentKind = kind.parentKind();
        if (request.parentId() == null) {
            if (kind.parentRequired()) {
                throw ApiProblem.badRequest("parent-required", "A " + kind.wireName() + " needs a parentId (its "
                        + parentKind.wireName() + ").");
            }
            return;
        }
        if (parentKind == null) {
            throw ApiProblem.badRequest("no-parent", "A " + kind.wireName() + " has no parent.");
        }
        if (!repository.isLive(tenant, parentKind, request.parentId())) {
            throw ApiProblem.badRequest("unknown-parent", "There is no live " + parentKind.wireName() + " "
                    + request.parentId() + ".");
        }
        if (kind == parentKind && id != null) {
            refuseCycle(tenant, kind, id, request.parentId());
        }
    }

    private void refuseCycle(String tenant, ConfigKind kind, String id, String parentId) {
        String ancestor = parentId;
        for (int depth = 0; ancestor != null && depth < 100; depth++) {
            if (ancestor.equals(id)) {
                throw ApiProblem.conflict("parent-cycle", "The " + kind.wireName() + " " + id
                        + " cannot be under its own descendant " + parentId + ".");
            }
            ancestor = repository.find(tenant, kind, ancestor, false).map(ConfigObject::parentId).orElse(null);
        }
    }

    private static ApiProblem nameTaken(ConfigKind kind, ConfigRequest request) {
        return ApiProblem.conflict("name-taken", "Another live " + kind.wireName() + " under the same parent is"
                + " already named '" + request.name() + "'.");
    }
}
