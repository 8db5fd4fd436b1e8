package io.orderseos.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.LambdaValidator;
import org.apache.kafka.common.config.ConfigDef.Validator;
import org.apache.kafka.common.config.ConfigException;

/**
 * The value formats of the app's own settings that Kafka's {@link ConfigDef} has no validator for.
 * Each refuses a bad value with a {@link ConfigException} naming the key and the value, and its
 * {@code toString()} is what the configuration reference shows as the valid values.
 */
final class ConfigValidators {
    private ConfigValidators() {}

    /** A positive ISO-8601 duration such as {@code P7D} or {@code PT12H}. */
    static Validator positiveDuration() {
        return LambdaValidator.with(ConfigValidators::parsePositiveDuration, () -> "ISO-8601 duration > 0");
    }

    /** An ISO-8601 duration of zero or more, such as {@code PT0S} or {@code PT5M}. */
    static Validator durationFromZero() {
        return LambdaValidator.with(ConfigValidators::parseDurationFromZero, () -> "ISO-8601 duration >= 0");
    }

    /** A positive ISO-8601 duration of at most {@code max} (itself ISO-8601, as the message shows it). */
    static Validator positiveDurationUpTo(String max) {
        Duration limit = Duration.parse(max);
        return LambdaValidator.with(
                (key, value) -> {
                    if (parsePositiveDuration(key, value).compareTo(limit) > 0) {
                        throw new ConfigException(key, value, "must be at most " + max);
                    }
                },
                () -> "ISO-8601 duration > 0, at most " + max);
    }

    /** A legal Kafka topic name: 1 to 249 of {@code [a-zA-Z0-9._-]}, neither {@code .} nor {@code ..}. */
    static Validator topicName() {
        return LambdaValidator.with(
                (key, value) -> {
                    String name = (String) value;
                    if (name.isEmpty()
                            || name.length() > 249
                            || !name.matches("[a-zA-Z0-9._-]+")
                            || name.equals(".")
                            || name.equals("..")) {
                        throw new ConfigException(key, value, "not a legal Kafka topic name");
                    }
                },
                () -> "Kafka topic name");
    }

    /** A whole number in {@code [min, max]}, given as text (for a setting that may also be empty). */
    static Validator wholeNumber(int min, int max) {
        ConfigDef.Range range = ConfigDef.Range.between(min, max);
        return LambdaValidator.with(
                (key, value) -> {
                    int number;
                    try {
                        number = Integer.parseInt((String) value);
                    } catch (NumberFormatException e) {
                        throw new ConfigException(key, value, "expected a whole number");
                    }
                    range.ensureValid(key, number);
                },
                range::toString);
    }

    /** An http or https URL with a host; {@code expected} says what it should point at. */
    static Validator httpUrl(String expected) {
        return LambdaValidator.with(
                (key, value) -> {
                    try {
                        URI uri = new URI((String) value);
                        if (uri.getHost() == null
                                || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
                            throw new ConfigException(key, value, "expected " + expected);
                        }
                    } catch (URISyntaxException e) {
                        throw new ConfigException(key, value, "not a URL: " + e.getMessage());
                    }
                },
                () -> "http(s) URL");
    }

    /** Empty (the setting is off), or a value {@code validator} accepts. */
    static Validator emptyOr(Validator validator) {
        return LambdaValidator.with(
                (key, value) -> {
                    if (!((String) value).isEmpty()) {
                        validator.ensureValid(key, value);
                    }
                },
                () -> "empty, or " + validator);
    }

    private static Duration parsePositiveDuration(String key, Object value) {
        Duration duration = parse(key, value);
        if (duration.isNegative() || duration.isZero()) {
            throw new ConfigException(key, value, "must be positive");
        }
        return duration;
    }

    private static Duration parseDurationFromZero(String key, Object value) {
        Duration duration = parse(key, value);
        if (duration.isNegative()) {
            throw new ConfigException(key, value, "must not be negative");
        }
        return duration;
    }

    private static Duration parse(String key, Object value) {
        try {
            return Duration.parse((String) value);
        } catch (DateTimeParseException e) {
            throw new ConfigException(key, value, "expected an ISO-8601 duration such as P7D or PT12H");
        }
    }
}
