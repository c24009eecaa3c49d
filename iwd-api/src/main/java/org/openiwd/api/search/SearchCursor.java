package org.openiwd.api.search;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A position in a sorted result: the sort value and id of the last task of a page. Opaque to clients (base64url of
 * {@code v1|sort|order|value|id}) and the same for both backends, so a client may page on while the backend that
 * answers changes.
 *
 * @param sort the key the position is in
 * @param descending the direction the position is in
 * @param value the sort value of the last task ({@link SortKey#MISSING} when it had none)
 * @param taskId the id of the last task
 */
record SearchCursor(SortKey sort, boolean descending, long value, long taskId) {

    private static final String VERSION = "v1";

    String encode() {
        String plain = String.join("|", VERSION, sort.wireName(), descending ? "desc" : "asc", Long.toString(value),
                Long.toString(taskId));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    /** The cursor in {@code token}; {@link IllegalArgumentException} when it is not one this API gave. */
    static SearchCursor decode(String token) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8).split("\\|", -1);
            SortKey sort = parts.length == 5 && VERSION.equals(parts[0]) ? SortKey.fromWire(parts[1]) : null;
            if (sort == null || !parts[2].equals("asc") && !parts[2].equals("desc")) {
                throw new IllegalArgumentException("not a cursor");
            }
            return new SearchCursor(sort, parts[2].equals("desc"), Long.parseLong(parts[3]), Long.parseLong(parts[4]));
        }
        catch (RuntimeException e) {
            throw new IllegalArgumentException("cursor is not one this API gave", e);
        }
    }
}
