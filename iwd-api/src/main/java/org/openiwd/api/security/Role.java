package org.openiwd.api.security;

import java.util.Locale;

/** What a key may do. Tenant keys carry one of the first four; {@link #ADMIN} exists only as a cluster key. */
public enum Role {
    /** Source systems and the administration UI: tasks, configuration, mailboxes. */
    TENANT,
    /** The Data Mart: reads the feeds and the configuration, nothing else. */
    DATAMART,
    /** The email service: email items, mailbox status and credentials. */
    EMAIL,
    /** Migrations and replays: everything a tenant key does, and may give past event times. */
    IMPORT,
    /** Provisioning of tenants and keys. */
    ADMIN;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Role fromWire(String value) {
        for (Role role : values()) {
            if (role.wireName().equals(value)) {
                return role;
            }
        }
        throw new IllegalArgumentException("unknown role '" + value + "'");
    }
}
