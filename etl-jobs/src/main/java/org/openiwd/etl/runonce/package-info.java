/** One-shot mode: one job for one tenant, then exit with a status a CronJob understands. */
package org.openiwd.etl.runonce;
