package org.openiwd.etl.feed;

import java.util.Arrays;

/**
 * One {@code String} for each distinct short text of a feed page: the ids of solutions, queues, agents, types and
 * statuses repeat on almost every event, and a page's events are held until the page is written, so each repeat
 * would be a string of its own to allocate and, while the page waits, to copy at every young collection. Texts are
 * read from the parser's buffer and a {@code String} is made only for one not seen yet. Holds at most
 * {@value #SLOTS} texts; once full, others are made as usual. Not thread-safe: one per page.
 */
final class TextPool {

    private static final int SLOTS = 1024;
    private static final int PROBES = 8;

    private final String[] slots = new String[SLOTS];
    /** Each slot's text as characters: compared with {@link Arrays#equals}, which the JIT vectorizes. */
    private final char[][] texts = new char[SLOTS][];

    /** The text of {@code length} characters at {@code offset}, as the string this pool already holds if any. */
    String of(char[] chars, int offset, int length) {
        int hash = 0;
        for (int i = offset; i < offset + length; i++) {
            hash = 31 * hash + chars[i];
        }
        int slot = (hash ^ hash >>> 16) & (SLOTS - 1);
        for (int probe = 0; probe < PROBES; probe++, slot = (slot + 1) & (SLOTS - 1)) {
            char[] held = texts[slot];
            if (held == null) {
                texts[slot] = Arrays.copyOfRange(chars, offset, offset + length);
                slots[slot] = new String(chars, offset, length);
                return slots[slot];
            }
            if (Arrays.equals(held, 0, held.length, chars, offset, offset + length)) {
                return slots[slot];
            }
        }
        return new String(chars, offset, length);
    }
}
