package io.orderseos.ops;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import picocli.CommandLine;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * How option values of the common types are read, with messages that say what was expected (picocli
 * puts the option's name before them): whole numbers (with {@code _} between digit groups allowed,
 * {@code 2_000_000}), numbers, ISO-8601 durations, which must be positive (every duration the tools
 * take is a span to wait, keep or measure), and ISO-8601 instants.
 */
final class OptionTypes {
    private OptionTypes() {}

    /** Registers the readers with {@code line} and every subcommand it has now. */
    static void register(CommandLine line) {
        ITypeConverter<Long> whole = OptionTypes::whole;
        ITypeConverter<Integer> integer = OptionTypes::integer;
        ITypeConverter<Double> number = OptionTypes::number;
        line.registerConverter(Long.class, whole)
                .registerConverter(Long.TYPE, whole)
                .registerConverter(Integer.class, integer)
                .registerConverter(Integer.TYPE, integer)
                .registerConverter(Double.class, number)
                .registerConverter(Double.TYPE, number)
                .registerConverter(Duration.class, OptionTypes::duration)
                .registerConverter(Instant.class, OptionTypes::instant);
    }

    private static long whole(String text) {
        try {
            return Long.parseLong(text.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + text + "' is not a whole number");
        }
    }

    private static int integer(String text) {
        long value = whole(text);
        if (value != (int) value) {
            throw new TypeConversionException("'" + text + "' is too large");
        }
        return (int) value;
    }

    private static double number(String text) {
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + text + "' is not a number");
        }
    }

    private static Duration duration(String text) {
        Duration value;
        try {
            value = Duration.parse(text);
        } catch (DateTimeParseException e) {
            throw new TypeConversionException("'" + text + "' is not an ISO-8601 duration such as PT30S");
        }
        if (value.isNegative() || value.isZero()) {
            throw new TypeConversionException("'" + text + "' is not positive");
        }
        return value;
    }

    private static Instant instant(String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new TypeConversionException("'" + text + "' is not an ISO-8601 instant such as 2026-05-01T12:00:00Z");
        }
    }
}
