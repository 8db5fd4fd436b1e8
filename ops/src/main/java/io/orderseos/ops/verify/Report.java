package io.orderseos.ops.verify;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The verifier's findings, check by check: how many things each check looked at, how many were
 * wrong, and the first few of them, so that a broken run prints a precise diff of bounded size.
 */
final class Report {
    private static final class Check {
        long checked;
        long violations;
        final List<String> examples = new ArrayList<>();
    }

    private final int maxExamples;
    private final Map<String, Check> checks = new LinkedHashMap<>();

    Report(int maxExamples) {
        this.maxExamples = maxExamples;
    }

    /** {@code check} looked at one more thing. */
    void checked(String check) {
        checked(check, 1);
    }

    synchronized void checked(String check, long count) {
        check(check).checked += count;
    }

    /** {@code check} found {@code detail} wrong. */
    synchronized void violation(String check, String detail) {
        Check found = check(check);
        found.violations++;
        if (found.examples.size() < maxExamples) {
            found.examples.add(detail);
        }
    }

    synchronized long violations() {
        return checks.values().stream().mapToLong(check -> check.violations).sum();
    }

    boolean passed() {
        return violations() == 0;
    }

    synchronized void print(PrintStream out) {
        int width = checks.keySet().stream().mapToInt(String::length).max().orElse(10);
        for (Map.Entry<String, Check> entry : checks.entrySet()) {
            Check check = entry.getValue();
            out.printf(
                    "  %-" + width + "s  %s  %,d checked, %,d violations%n",
                    entry.getKey(),
                    check.violations == 0 ? "ok  " : "FAIL",
                    check.checked,
                    check.violations);
            check.examples.forEach(example -> out.println("      " + example));
            if (check.violations > check.examples.size()) {
                out.printf("      ... and %,d more%n", check.violations - check.examples.size());
            }
        }
        out.printf("%s: %,d violations%n", passed() ? "PASSED" : "FAILED", violations());
    }

    private Check check(String name) {
        return checks.computeIfAbsent(name, n -> new Check());
    }
}
