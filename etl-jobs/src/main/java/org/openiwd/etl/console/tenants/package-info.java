/**
 * The console's tenants: per served tenant its watermarks, lag, last event time, quarantine size and Data Mart
 * size, read from its schema; page {@code /console/tenants}, JSON {@code /console/api/tenants}.
 */
package org.openiwd.etl.console.tenants;
