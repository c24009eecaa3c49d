/**
 * The IWD API. Feature packages: {@code tenant} (provisioning and keys), {@code security} (who is calling),
 * {@code task} (work items), {@code lifecycle} (the state machine), {@code feed} (the reporting feeds and their
 * sequencer), {@code web} (errors and request context shared by every controller).
 */
package org.openiwd.api;
