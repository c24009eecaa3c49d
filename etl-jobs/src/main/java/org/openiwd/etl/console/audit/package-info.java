/**
 * The console's audit log ({@code etl.console_audit}): every operator action of the pages and the JSON API, who
 * did it, when, on what, and how it ended; written by {@link org.openiwd.etl.console.audit.ConsoleAudit}, read by
 * admins at {@code /console/audit} and {@code /console/api/audit}.
 */
package org.openiwd.etl.console.audit;
