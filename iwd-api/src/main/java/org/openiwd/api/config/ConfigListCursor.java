package org.openiwd.api.config;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.openiwd.api.web.ApiProblem;

/**
 * The {@code next}/{@code after} cursors of configuration lists, opaque to clients. An incremental load's cursor is
 * the revision of the last object returned; a first load's is {@code <revision>,<last id>}, carrying the revision
 * read with the first page so that every page of that load returns it (ids cannot hold a comma).
 */
final class ConfigListCursor {

    private static final Pattern LIVE = Pattern.compile("(\\d{1,18}),([A-Za-z0-9_.:@-]{1,64})");
    private static final Pattern CHANGES = Pattern.compile("\\d{1,18}");

    private ConfigListCursor() {
    }

    /** A first load's position: the revision of its first page and the last id returned ("" before the first). */
    record Live(long revision, String afterId) {

        Live next(String lastId) {
            return new Live(revision, lastId);
        }

        String encoded() {
            return revision + "," + afterId;
        }
    }

    /** A first load's {@code after}, parsed; 400 {@code invalid-cursor} unless it came from such a load. */
    static Live live(String after) {
        Matcher m = LIVE.matcher(after);
        if (!m.matches()) {
            throw invalid();
        }
        return new Live(Long.parseLong(m.group(1)), m.group(2));
    }

    /** The {@code next} of an incremental load's page: the revision of its last object. */
    static String changes(long lastRevision) {
        return Long.toString(lastRevision);
    }

    /** An incremental load's {@code after}, parsed; 400 {@code invalid-cursor} unless it came from such a load. */
    static long changesAfter(String after) {
        if (!CHANGES.matcher(after).matches()) {
            throw invalid();
        }
        return Long.parseLong(after);
    }

    private static ApiProblem invalid() {
        return ApiProblem.badRequest("invalid-cursor", "after must be the next of a previous page of the same kind of"
                + " load (with or without since).");
    }
}
