/** The tenant registry of the Data Mart and each tenant's schema. */
package org.openiwd.etl.tenant;
