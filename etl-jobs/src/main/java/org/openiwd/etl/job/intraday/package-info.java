/** The intraday jobs: the feed into facts, and the touched 15-minute intervals into aggregates. */
package org.openiwd.etl.job.intraday;
