/**
 * One-shot mode: one job for one tenant, then exit with a status a CronJob understands; and the operator's drop of
 * a deleted tenant's Data Mart.
 */
package org.openiwd.etl.runonce;
