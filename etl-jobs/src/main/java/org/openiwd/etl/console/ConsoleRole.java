package org.openiwd.etl.console;

/**
 * What a console user may do; each role includes the ones before it. {@link #VIEWER} reads every page and API
 * except the audit log, {@link #OPERATOR} also acts (launch, stop, restart, abandon, recover, reprocess, schedules,
 * quarantine replay), {@link #ADMIN} also reads the audit log and rebuilds a tenant's Data Mart.
 */
public enum ConsoleRole {
    VIEWER, OPERATOR, ADMIN;

    /** The Spring Security authority of this role. */
    public String authority() {
        return "ROLE_" + name();
    }
}
