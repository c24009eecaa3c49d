package org.openiwd.deploy.metrics;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names a PromQL expression (or a Grafana query of one) selects. A small lexer rather than a parser:
 * string literals, label matchers ({@code {...}}), range and subquery brackets ({@code [...]}) and the label lists of
 * {@code by}, {@code without}, {@code on}, {@code ignoring}, {@code group_left} and {@code group_right} are removed;
 * what is left that is an identifier, not a keyword and not followed by {@code (} (a function call) is a metric
 * name. Grafana's {@code label_values(METRIC, label)} gives its METRIC; {@code $variables} are ignored. Selecting
 * by {@code {__name__=...}} is not supported and reported, so that no expression escapes the check.
 */
public final class PromQlMetricNames {

    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "by", "without", "on", "ignoring",
            "group_left", "group_right", "bool", "offset", "atan2", "inf", "nan", "start", "end");
    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`");
    private static final Pattern LABEL_LIST = Pattern.compile(
            "\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", Pattern.CASE_INSENSITIVE);
    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\s*\\(\\s*([a-zA-Z_:][a-zA-Z0-9_:]*)?[^,)]*(,[^)]*)?\\)");
    private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w$.])([a-zA-Z_:][a-zA-Z0-9_:]*)(\\s*\\()?");

    private PromQlMetricNames() {
    }

    public static Set<String> of(String expression) {
        if (expression.contains("__name__")) {
            throw new IllegalArgumentException("selects metrics by __name__, which this check cannot follow: "
                    + expression);
        }
        Set<String> names = new TreeSet<>();
        String text = expression;
        Matcher grafana = LABEL_VALUES.matcher(text);
        StringBuilder rest = new StringBuilder();
        while (grafana.find()) {
            if (grafana.group(1) != null) {
                names.add(grafana.group(1));
            }
            grafana.appendReplacement(rest, " ");
        }
        grafana.appendTail(rest);
        text = STRING.matcher(rest).replaceAll(" ");
        text = removeBracketed(text, '{', '}');
        text = removeBracketed(text, '[', ']');
        text = LABEL_LIST.matcher(text).replaceAll(" ");
        // Numbers with units or exponents (1e3, 5m in an offset) are not identifiers: they start with a digit.
        Matcher m = IDENTIFIER.matcher(text);
        while (m.find()) {
            String word = m.group(1);
            boolean call = m.group(2) != null;
            if (!call && !KEYWORDS.contains(word.toLowerCase(java.util.Locale.ROOT)) && !startsAfterDigit(text, m.start())) {
                names.add(word);
            }
        }
        return names;
    }

    private static boolean startsAfterDigit(String text, int start) {
        return start > 0 && Character.isDigit(text.charAt(start - 1));
    }

    private static String removeBracketed(String text, char open, char close) {
        StringBuilder out = new StringBuilder();
        int depth = 0;
        for (char c : text.toCharArray()) {
            if (c == open) {
                depth++;
            }
            else if (c == close && depth > 0) {
                depth--;
                out.append(' ');
            }
            else if (depth == 0) {
                out.append(c);
            }
        }
        return out.toString();
    }
}
