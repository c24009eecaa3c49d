package org.openiwd.api.email;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The answer to {@code POST /emails}, the same for the first call and its repeats but for {@code created}.
 *
 * @param taskId the item's task; null for an unparsable item
 * @param threadTaskId the first task of the item's thread: the task a reply links to, the item's own task when it
 *     starts a thread; null for an unparsable item
 * @param created whether this call stored the item (201), false for a repeat (200)
 */
@Schema(name = "SubmittedEmail")
record SubmittedEmail(String id, Long taskId, Long threadTaskId, boolean created, boolean unparsable) {
}
