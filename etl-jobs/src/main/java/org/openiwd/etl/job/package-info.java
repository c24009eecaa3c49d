/** Launching and auditing the Data Mart jobs; each job family lives in a sub-package. */
package org.openiwd.etl.job;
