/**
 * The batch admin console at {@code /console} on the web port: sign-in (configured users with bcrypt hashes, or
 * OIDC), roles, the shared page layout and the home page. Every page and JSON API of the console (under
 * {@code /console/**} and {@code /console/api/**}) goes through {@link org.openiwd.etl.console.ConsoleSecurity}; the
 * sub-packages hold one feature each, on the service layer of {@code operation}, {@code schedule}, {@code tenant}
 * and {@code recovery}. Nothing outside {@code /console} is secured here: the management port stays open.
 */
package org.openiwd.etl.console;
