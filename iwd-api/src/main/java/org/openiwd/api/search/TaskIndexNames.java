package org.openiwd.api.search;

import java.util.OptionalInt;

import org.springframework.stereotype.Component;

/**
 * Names of a tenant's index: the alias {@code <prefix>-<tenant>} that searches and the indexer use, and the
 * concrete indices {@code <prefix>-<tenant>.<generation>} behind it (a rebuild makes the next generation).
 *
 * <p>Index names must be lower case, and tenant ids are not ({@code Acme} and {@code acme} are two tenants), so the
 * tenant is encoded: lower-case letters, digits and '-' stay, '_' becomes "__" and an upper-case letter "_" and
 * its lower case. The encoding never holds a '.', so the generation cannot be confused with a tenant: with '-'
 * before it, tenant {@code a}'s index {@code a-1} would be tenant {@code a-1}'s alias.
 */
@Component
class TaskIndexNames {

    private final String prefix;

    TaskIndexNames(SearchProperties properties) {
        this.prefix = properties.indexPrefix();
    }

    String alias(String tenantId) {
        return prefix + "-" + encode(tenantId);
    }

    String index(String tenantId, int generation) {
        return alias(tenantId) + "." + generation;
    }

    /** The pattern that matches every concrete index of the tenant and nothing else. */
    String indexPattern(String tenantId) {
        return alias(tenantId) + ".*";
    }

    /** The pattern that matches every alias of this installation. */
    String aliasPattern() {
        return prefix + "-*";
    }

    /** The generation of one of the tenant's concrete indices, empty for any other name. */
    OptionalInt generation(String tenantId, String index) {
        String start = alias(tenantId) + ".";
        if (!index.startsWith(start)) {
            return OptionalInt.empty();
        }
        try {
            return OptionalInt.of(Integer.parseInt(index.substring(start.length())));
        }
        catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }

    static String encode(String tenantId) {
        StringBuilder out = new StringBuilder(tenantId.length() + 8);
        for (char c : tenantId.toCharArray()) {
            if (c >= 'A' && c <= 'Z') {
                out.append('_').append(Character.toLowerCase(c));
            }
            else if (c == '_') {
                out.append("__");
            }
            else if (c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
                out.append(c);
            }
            else {
                throw new IllegalArgumentException("not a tenant id: " + tenantId);
            }
        }
        return out.toString();
    }
}
