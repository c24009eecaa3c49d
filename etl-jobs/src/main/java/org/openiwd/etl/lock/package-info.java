/** The per-tenant lease that keeps Data Mart-writing jobs of one tenant from running at once. */
package org.openiwd.etl.lock;
