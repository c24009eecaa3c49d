package org.openiwd.etl.feed;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * The custom attributes of one feed event: an immutable map in the order the feed gave them, its names and values
 * in one array instead of a hash table. A load holds its batch's events until the batch is written, and read ahead
 * the next batch's, so every young collection copies them: with five attributes a {@code LinkedHashMap} and its
 * entries were about a third of an event's heap (344 of about 1,050 bytes, by a class histogram); this map is 80
 * (computed: a 24-byte object and a 56-byte array, with compressed references). Lookups scan the names, of which the
 * API allows at most 100 per task; a task usually has a handful.
 */
final class AttributeMap extends AbstractMap<String, Object> {

    private static final AttributeMap EMPTY = new AttributeMap(new Object[0]);

    /** name, value, name, value...: names are distinct strings, values non-null. */
    private final Object[] namesAndValues;

    private AttributeMap(Object[] namesAndValues) {
        this.namesAndValues = namesAndValues;
    }

    @Override
    public int size() {
        return namesAndValues.length / 2;
    }

    @Override
    public boolean containsKey(Object key) {
        return indexOf(key) >= 0;
    }

    @Override
    public Object get(Object key) {
        int i = indexOf(key);
        return i < 0 ? null : namesAndValues[i + 1];
    }

    private int indexOf(Object key) {
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (namesAndValues[i].equals(key)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        return new AbstractSet<>() {

            @Override
            public int size() {
                return AttributeMap.this.size();
            }

            @Override
            public Iterator<Entry<String, Object>> iterator() {
                return new Iterator<>() {

                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < namesAndValues.length;
                    }

                    @Override
                    public Entry<String, Object> next() {
                        if (!hasNext()) {
                            throw new NoSuchElementException();
                        }
                        Entry<String, Object> entry = Map.entry((String) namesAndValues[next],
                                namesAndValues[next + 1]);
                        next += 2;
                        return entry;
                    }
                };
            }
        };
    }

    /**
     * Collects one event's attributes; a name given again keeps its place and takes the later value, as a
     * {@code LinkedHashMap} would. Reused event after event ({@link #build} starts it afresh); not thread-safe.
     */
    static final class Builder {

        private Object[] namesAndValues = new Object[16];
        private int length;

        void put(String name, Object value) {
            for (int i = 0; i < length; i += 2) {
                if (namesAndValues[i].equals(name)) {
                    namesAndValues[i + 1] = value;
                    return;
                }
            }
            if (length == namesAndValues.length) {
                namesAndValues = Arrays.copyOf(namesAndValues, length * 2);
            }
            namesAndValues[length++] = name;
            namesAndValues[length++] = value;
        }

        /** The attributes put since the last call, as a map of their own. */
        AttributeMap build() {
            AttributeMap map = length == 0 ? EMPTY : new AttributeMap(Arrays.copyOf(namesAndValues, length));
            Arrays.fill(namesAndValues, 0, length, null);
            length = 0;
            return map;
        }
    }
}
