/** The IWD API as the Data Mart reads it: tenants and the task event feed, parsed as a stream and validated. */
package org.openiwd.etl.feed;
