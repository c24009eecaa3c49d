/** The task lifecycle: states, actions, event types and the transition table. Pure code, no I/O. */
package org.openiwd.api.lifecycle;
