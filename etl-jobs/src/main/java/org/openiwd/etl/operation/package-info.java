/**
 * The service layer over the Data Mart's job executions that the console's REST API and pages, the scheduler's
 * operators and one-shot mode use: launch, stop, restart, abandon and recover executions, list them with filters
 * and pages, and show one with its steps. Typed results; impossible operations fail with a clear exception and
 * change nothing.
 */
package org.openiwd.etl.operation;
