package io.orderseos.ops.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The series selectors of a PromQL expression ({@code name{label="value", ...}}), enough to hold the
 * dashboard and the alert rules against what the app really exports. Not a PromQL parser: functions,
 * aggregations, label lists ({@code by (...)}), ranges ({@code [5m]}) and numbers are skipped, and
 * anything else that looks like a name is taken for a metric name, so an unknown construct shows up
 * as a metric that does not exist rather than passing unnoticed.
 */
final class PromQl {
    /** Keywords followed by a parenthesised list of label names, not of expressions. */
    private static final Set<String> LABEL_LIST_KEYWORDS =
            Set.of("by", "without", "on", "ignoring", "group_left", "group_right");

    /** Words that are never a metric name here: binary and set operators, modifiers, aggregations. */
    private static final Set<String> OPERATOR_WORDS = Set.of(
            "and",
            "or",
            "unless",
            "bool",
            "offset",
            "by",
            "without",
            "on",
            "ignoring",
            "group_left",
            "group_right",
            // An aggregation may come before its modifier: sum by (topic) (...).
            "sum",
            "min",
            "max",
            "avg",
            "group",
            "stddev",
            "stdvar",
            "count",
            "count_values",
            "bottomk",
            "topk",
            "quantile");

    /** One label matcher: {@code =}, {@code !=}, {@code =~} or {@code !~}. Regexes are anchored, as in PromQL. */
    record LabelMatcher(String label, String op, String value) {
        boolean test(String actual) {
            return switch (op) {
                case "=" -> actual.equals(value);
                case "!=" -> !actual.equals(value);
                case "=~" -> Pattern.matches(value, actual);
                case "!~" -> !Pattern.matches(value, actual);
                default -> throw new IllegalStateException(op);
            };
        }

        /**
         * For {@code =~"a|b"} with plain names as alternatives, each alternative: a selector naming two
         * nodes should find both, not just one of them.
         */
        List<String> literalAlternatives() {
            if (!op.equals("=~") || !value.matches("[A-Za-z0-9_-]+(\\|[A-Za-z0-9_-]+)+")) {
                return List.of();
            }
            return List.of(value.split("\\|"));
        }
    }

    record Selector(String metric, List<LabelMatcher> matchers) {
        @Override
        public String toString() {
            return metric + matchers;
        }
    }

    private PromQl() {}

    static List<Selector> selectors(String expression) {
        List<Selector> selectors = new ArrayList<>();
        String e = expression;
        int i = 0;
        while (i < e.length()) {
            char c = e.charAt(i);
            if (c == '"' || c == '\'') {
                i = skipString(e, i);
            } else if (c == '[') {
                i = e.indexOf(']', i) + 1;
            } else if (c == '{') {
                throw new AssertionError("a selector without a metric name in: " + expression);
            } else if (Character.isDigit(c)) {
                while (i < e.length() && (Character.isLetterOrDigit(e.charAt(i)) || e.charAt(i) == '.')) {
                    i++;
                }
            } else if (Character.isLetter(c) || c == '_' || c == ':') {
                int start = i;
                while (i < e.length() && (Character.isLetterOrDigit(e.charAt(i)) || "_:".indexOf(e.charAt(i)) >= 0)) {
                    i++;
                }
                String word = e.substring(start, i);
                int next = skipSpaces(e, i);
                boolean call = next < e.length() && e.charAt(next) == '(';
                if (call && LABEL_LIST_KEYWORDS.contains(word)) {
                    i = e.indexOf(')', next) + 1;
                } else if (!call && !OPERATOR_WORDS.contains(word)) {
                    List<LabelMatcher> matchers = new ArrayList<>();
                    if (next < e.length() && e.charAt(next) == '{') {
                        i = parseMatchers(e, next + 1, matchers);
                    }
                    selectors.add(new Selector(word, List.copyOf(matchers)));
                }
            } else {
                i++;
            }
        }
        return selectors;
    }

    /** Parses {@code label op "value", ...} up to the closing brace; returns the index after it. */
    private static int parseMatchers(String e, int from, List<LabelMatcher> matchers) {
        int i = from;
        while (true) {
            i = skipSpaces(e, i);
            if (e.charAt(i) == '}') {
                return i + 1;
            }
            if (e.charAt(i) == ',') {
                i++;
                continue;
            }
            int start = i;
            while (Character.isLetterOrDigit(e.charAt(i)) || e.charAt(i) == '_') {
                i++;
            }
            String label = e.substring(start, i);
            i = skipSpaces(e, i);
            String op = e.startsWith("=~", i) || e.startsWith("!~", i) || e.startsWith("!=", i)
                    ? e.substring(i, i + 2)
                    : e.substring(i, i + 1);
            if (!Set.of("=", "!=", "=~", "!~").contains(op)) {
                throw new AssertionError("cannot read the matcher at '" + e.substring(start) + "'");
            }
            i = skipSpaces(e, i + op.length());
            int end = skipString(e, i);
            matchers.add(new LabelMatcher(label, op, unquote(e.substring(i + 1, end - 1))));
            i = end;
        }
    }

    private static int skipString(String e, int quote) {
        char q = e.charAt(quote);
        int i = quote + 1;
        while (e.charAt(i) != q) {
            i += e.charAt(i) == '\\' ? 2 : 1;
        }
        return i + 1;
    }

    private static String unquote(String body) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '\\' && i + 1 < body.length()) {
                char escaped = body.charAt(++i);
                out.append(escaped == 'n' ? '\n' : escaped);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static int skipSpaces(String e, int i) {
        while (i < e.length() && Character.isWhitespace(e.charAt(i))) {
            i++;
        }
        return i;
    }
}
