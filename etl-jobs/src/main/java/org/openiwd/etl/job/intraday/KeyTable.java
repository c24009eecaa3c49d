package org.openiwd.etl.job.intraday;

import java.util.Map;

/**
 * One dimension's surrogate keys by member id, for resolving a page's events: an open-addressing table of ids and
 * {@code int} keys, at most half full, read-only once built. An event takes nine look-ups in tables like this; a
 * {@code HashMap}'s {@code getOrDefault}, with its tree bins and boxed keys, inlined at each of them made the
 * resolution the largest compilation of a one-shot load (2.4 s of the JIT's time), and this look-up is a fraction
 * of that code. Safe for concurrent reads.
 */
final class KeyTable {

    private final String[] ids;
    private final int[] keys;
    private final int mask;

    KeyTable(Map<String, Integer> members) {
        int capacity = Integer.highestOneBit(Math.max(1, 2 * members.size() - 1)) << 1;
        ids = new String[capacity];
        keys = new int[capacity];
        mask = capacity - 1;
        members.forEach((id, key) -> {
            int slot = slot(id);
            while (ids[slot] != null) {
                slot = (slot + 1) & mask;
            }
            ids[slot] = id;
            keys[slot] = key;
        });
    }

    /** The key of {@code id}; 0 (the "None" member) for null or an id the table does not hold. */
    int key(String id) {
        if (id == null) {
            return 0;
        }
        // Terminates: at most half the slots are taken.
        for (int slot = slot(id); ; slot = (slot + 1) & mask) {
            String held = ids[slot];
            if (held == null) {
                return 0;
            }
            if (held == id || held.equals(id)) {
                return keys[slot];
            }
        }
    }

    private int slot(String id) {
        int hash = id.hashCode();
        return (hash ^ hash >>> 16) & mask;
    }
}
