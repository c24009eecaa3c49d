/**
 * The console's repair tools for a tenant: replay the quarantined task events after a fix, reprocess (re-aggregate)
 * a range of days from the facts, and rebuild the whole Data Mart from the feed (ADMIN only, with a typed
 * confirmation). Page {@code /console/repair}, JSON under {@code /console/api/tenants/{id}/...}.
 */
package org.openiwd.etl.console.repair;
