/** Work items: creation (idempotent on capture point and capture id), actions, history and their events. */
package org.openiwd.api.task;
