package org.openiwd.api.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * JSON text with the freedoms a fuzzer needs and no mapper gives: repeated keys, raw tokens ({@code NaN},
 * numbers beyond any Java type) and control characters written as they are escaped on the wire.
 */
final class FuzzJson {

    /** A token written as it is, unquoted. */
    record Raw(String text) {
    }

    /** An object whose fields keep their order and may repeat. */
    record Obj(List<Map.Entry<String, Object>> fields) {

        static Obj of(Object... namesAndValues) {
            List<Map.Entry<String, Object>> fields = new ArrayList<>();
            for (int i = 0; i < namesAndValues.length; i += 2) {
                fields.add(new java.util.AbstractMap.SimpleEntry<>((String) namesAndValues[i], namesAndValues[i + 1]));
            }
            return new Obj(fields);
        }

        /** A copy with {@code name} set to {@code value}: replaced where it is, else added. */
        Obj with(String name, Object value) {
            List<Map.Entry<String, Object>> copy = new ArrayList<>();
            boolean replaced = false;
            for (Map.Entry<String, Object> field : fields) {
                if (field.getKey().equals(name)) {
                    copy.add(new java.util.AbstractMap.SimpleEntry<>(name, value));
                    replaced = true;
                }
                else {
                    copy.add(field);
                }
            }
            if (!replaced) {
                copy.add(new java.util.AbstractMap.SimpleEntry<>(name, value));
            }
            return new Obj(copy);
        }

        /** A copy with {@code name} added once more at the end, even when present. */
        Obj plus(String name, Object value) {
            List<Map.Entry<String, Object>> copy = new ArrayList<>(fields);
            copy.add(new java.util.AbstractMap.SimpleEntry<>(name, value));
            return new Obj(copy);
        }

        Obj without(String name) {
            return new Obj(fields.stream().filter(f -> !f.getKey().equals(name)).toList());
        }

        boolean has(String name) {
            return fields.stream().anyMatch(f -> f.getKey().equals(name));
        }
    }

    private FuzzJson() {
    }

    static String write(Object value) {
        StringBuilder out = new StringBuilder();
        write(out, value);
        return out.toString();
    }

    private static void write(StringBuilder out, Object value) {
        switch (value) {
            case null -> out.append("null");
            case Raw raw -> out.append(raw.text());
            case String s -> string(out, s);
            case Number n -> out.append(n);
            case Boolean b -> out.append(b);
            case Obj obj -> {
                out.append('{');
                for (int i = 0; i < obj.fields().size(); i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    string(out, obj.fields().get(i).getKey());
                    out.append(':');
                    write(out, obj.fields().get(i).getValue());
                }
                out.append('}');
            }
            case Map<?, ?> map -> {
                Obj obj = new Obj(new ArrayList<>());
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    obj = obj.plus(String.valueOf(e.getKey()), e.getValue());
                }
                write(out, obj);
            }
            case List<?> list -> {
                out.append('[');
                for (int i = 0; i < list.size(); i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    write(out, list.get(i));
                }
                out.append(']');
            }
            default -> throw new IllegalArgumentException("no JSON for " + value.getClass());
        }
    }

    private static void string(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    }
                    else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
