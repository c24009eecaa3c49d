package org.openiwd.email.mailbox;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.openiwd.email.api.IwdEmailApi;
import org.openiwd.email.api.Mailbox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The mailboxes of every tenant, as the API lists them to the cluster email key. {@link #reload()} lists them again
 * and tells the {@link MailboxListener}s what appeared, changed (another version) or went (deleted, or a tenant
 * gone). When the API cannot be reached, the last known list stays: polling goes on where it can. Disabled
 * mailboxes are listed but not polled. Thread-safe: readers see one consistent snapshot.
 */
@Component
public class MailboxRegistry {

    private static final Logger log = LoggerFactory.getLogger(MailboxRegistry.class);

    private final IwdEmailApi api;
    private final List<MailboxListener> listeners;
    private volatile Map<String, TenantMailbox> mailboxes = Map.of();

    public MailboxRegistry(IwdEmailApi api, List<MailboxListener> listeners) {
        this.api = api;
        this.listeners = listeners;
    }

    /** Lists tenants and mailboxes again; returns false (and keeps the last list) when the API failed. */
    public synchronized boolean reload() {
        Map<String, TenantMailbox> fresh = new LinkedHashMap<>();
        try {
            for (String tenant : api.tenantIds()) {
                for (Mailbox m : api.mailboxes(tenant)) {
                    TenantMailbox tm = new TenantMailbox(tenant, m);
                    fresh.put(tm.key(), tm);
                }
            }
        }
        catch (RuntimeException e) {
            log.warn("Cannot list the mailboxes ({}); keeping the {} known ones", e.toString(), mailboxes.size());
            return false;
        }
        Map<String, TenantMailbox> previous = mailboxes;
        mailboxes = Map.copyOf(fresh);
        previous.forEach((key, old) -> {
            if (!fresh.containsKey(key)) {
                log.info("Mailbox {} removed", key);
                listeners.forEach(l -> l.removed(old));
            }
        });
        fresh.forEach((key, now) -> {
            TenantMailbox old = previous.get(key);
            if (old == null || !Objects.equals(old.mailbox().version(), now.mailbox().version())) {
                log.info("Mailbox {} {} (version {}, {})", key, old == null ? "loaded" : "changed",
                        now.mailbox().version(), now.mailbox().enabled() ? "enabled" : "disabled");
                listeners.forEach(l -> l.loaded(now));
            }
        });
        return true;
    }

    /** The known mailboxes, enabled or not. */
    public List<TenantMailbox> all() {
        return List.copyOf(mailboxes.values());
    }

    public Optional<TenantMailbox> find(String tenantId, String mailboxId) {
        return Optional.ofNullable(mailboxes.get(tenantId + "/" + mailboxId));
    }

    /** The tenant's enabled default outbound mailbox, if it has one with SMTP settings. */
    public Optional<TenantMailbox> defaultOutbound(String tenantId) {
        return mailboxes.values().stream()
                .filter(m -> m.tenantId().equals(tenantId) && m.mailbox().defaultOutbound()
                        && m.mailbox().enabled() && m.mailbox().outbound() != null)
                .findFirst();
    }
}
