/** Provisioning: tenants, their keys and the audit of both. */
package org.openiwd.api.tenant;
