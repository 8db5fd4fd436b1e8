package io.orderseos.ops;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A command's options ({@code --name value} pairs without the dashes, as {@link OpsMain} collects
 * them), read with checks: an unknown option, a flag given a value or a value that does not parse
 * fails with an {@link IllegalArgumentException} naming the option (exit 2).
 */
public final class CommandOptions {
    private final String command;
    private final Map<String, String> options;

    /** @throws IllegalArgumentException for an option not in {@code known} */
    public CommandOptions(String command, Map<String, String> options, Set<String> known) {
        for (String name : options.keySet()) {
            if (!known.contains(name) && !name.equals("help")) {
                throw new IllegalArgumentException("unknown option --" + name + " (known: --"
                        + String.join(", --", new TreeSet<>(known)) + "; see " + command + " --help)");
            }
        }
        this.command = command;
        this.options = Map.copyOf(options);
    }

    /** All options as given, for code that reads them its own way ({@link AppConfig}). */
    public Map<String, String> asMap() {
        return options;
    }

    public boolean has(String name) {
        return options.containsKey(name);
    }

    /** Whether the flag {@code --name} is given; it takes no value. */
    public boolean flag(String name) {
        String value = options.get(name);
        require(value == null || value.isEmpty(), name, "takes no value", value);
        return value != null;
    }

    /** The value of {@code --name}, or {@code fallback} when it is not given; never empty. */
    public String string(String name, String fallback) {
        String value = options.getOrDefault(name, fallback);
        require(value == null || !value.isEmpty(), name, "needs a value", value);
        return value;
    }

    /** A whole number of at least {@code min}, or {@code fallback} when not given. */
    public long whole(String name, long fallback, long min) {
        String text = string(name, null);
        if (text == null) {
            return fallback;
        }
        long value;
        try {
            value = Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be a whole number, was '" + text + "'", e);
        }
        require(value >= min, name, "must be at least " + min, text);
        return value;
    }

    /** {@link #whole} within the range of an {@code int}. */
    public int integer(String name, int fallback, int min) {
        long value = whole(name, fallback, min);
        require(value <= Integer.MAX_VALUE, name, "is too large", value);
        return (int) value;
    }

    /** A positive ISO-8601 duration such as {@code PT30S}, or {@code fallback} when not given. */
    public Duration duration(String name, Duration fallback) {
        String text = string(name, null);
        if (text == null) {
            return fallback;
        }
        try {
            Duration value = Duration.parse(text);
            require(!value.isNegative() && !value.isZero(), name, "must be positive", text);
            return value;
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(
                    "--" + name + " must be an ISO-8601 duration such as PT30S, was '" + text + "'", e);
        }
    }

    /** An ISO-8601 instant such as {@code 2026-05-01T12:00:00Z}, or null when not given. */
    public Instant instant(String name) {
        String text = string(name, null);
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(
                    "--" + name + " must be an ISO-8601 instant such as 2026-05-01T12:00:00Z, was '" + text + "'", e);
        }
    }

    private void require(boolean valid, String name, String rule, Object value) {
        if (!valid) {
            throw new IllegalArgumentException(
                    "--" + name + " " + rule + ", was '" + value + "' (see " + command + " --help)");
        }
    }
}
