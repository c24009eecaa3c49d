/** Who is calling: API keys (stored hashed), roles, and the cluster keys from configuration. */
package org.openiwd.api.security;
