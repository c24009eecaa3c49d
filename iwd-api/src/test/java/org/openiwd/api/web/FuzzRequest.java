package org.openiwd.api.web;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * One malformed request, with the bytes exactly as sent.
 *
 * @param method HTTP method
 * @param path below {@code /iwd/v3}, percent-encoded as it goes on the wire, query included
 * @param headers headers to send ({@code x-api-key} among them when the request carries a key)
 * @param body the body's bytes, or null for none
 * @param chunked send the body without a Content-Length, so the server learns its size only by reading it
 * @param expectedStatus the one status the API must answer, or null when any 4xx will do
 * @param mutation what makes the request invalid
 */
record FuzzRequest(String method, String path, Map<String, String> headers, byte[] body, boolean chunked,
        Integer expectedStatus, String mutation) {

    FuzzRequest expecting(int status) {
        return new FuzzRequest(method, path, headers, body, chunked, status, mutation);
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(method).append(" /iwd/v3").append(path);
        headers.forEach((name, value) -> {
            if (!name.equals("x-api-key")) {
                s.append(" [").append(name).append(": ").append(value).append(']');
            }
        });
        if (!headers.containsKey("x-api-key")) {
            s.append(" [no x-api-key]");
        }
        if (body != null) {
            String text = new String(body, StandardCharsets.UTF_8);
            s.append(chunked ? " chunked body " : " body ").append(body.length).append(" bytes: ")
                    .append(preview(text));
        }
        return s.append("  <- ").append(mutation).toString();
    }

    private static String preview(String text) {
        String shown = text.length() > 300 ? text.substring(0, 300) + "...(" + text.length() + " chars)" : text;
        StringBuilder escaped = new StringBuilder();
        shown.codePoints().forEach(c -> {
            if (c < 0x20 || c == 0xFEFF || c == 0xFFFD) {
                escaped.append(String.format("\\x{%x}", c));
            }
            else {
                escaped.appendCodePoint(c);
            }
        });
        return escaped.toString();
    }
}
