package org.openiwd.api.web;

/** Versions as entity tags: the API's ETags are the quoted version of the object. */
public final class ETags {

    private ETags() {
    }

    /** The version in an {@code If-Match} header ({@code "3"} or {@code W/"3"}), or null when absent or {@code *}. */
    public static Integer version(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank() || ifMatch.trim().equals("*")) {
            return null;
        }
        String value = ifMatch.trim().replaceFirst("^W/", "").replace("\"", "");
        try {
            return Integer.valueOf(value);
        }
        catch (NumberFormatException e) {
            throw ApiProblem.badRequest("invalid-if-match", "If-Match must be an ETag this API gave, like \"3\".");
        }
    }
}
