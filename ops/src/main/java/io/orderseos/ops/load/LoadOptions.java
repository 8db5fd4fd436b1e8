package io.orderseos.ops.load;

import static io.orderseos.ops.load.LoadOption.ABORTED;
import static io.orderseos.ops.load.LoadOption.BOOTSTRAP_SERVERS;
import static io.orderseos.ops.load.LoadOption.CONFLICTS;
import static io.orderseos.ops.load.LoadOption.COUNT;
import static io.orderseos.ops.load.LoadOption.CUSTOMERS;
import static io.orderseos.ops.load.LoadOption.DUPLICATES;
import static io.orderseos.ops.load.LoadOption.ILLEGAL;
import static io.orderseos.ops.load.LoadOption.INTENTS;
import static io.orderseos.ops.load.LoadOption.MALFORMED;
import static io.orderseos.ops.load.LoadOption.OLD_SCHEMA;
import static io.orderseos.ops.load.LoadOption.ORDER_PREFIX;
import static io.orderseos.ops.load.LoadOption.PARTITIONS;
import static io.orderseos.ops.load.LoadOption.RATE;
import static io.orderseos.ops.load.LoadOption.SEED;
import static io.orderseos.ops.load.LoadOption.TOPIC;

import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * What {@code produce} sends, and where. Every value is checked here, whether parsed from the
 * command line or built by another command (a chaos harness), so a bad one fails with an {@link
 * IllegalArgumentException} naming its option before anything is sent.
 *
 * @param bootstrapServers Kafka brokers to send to
 * @param topic the input topic, created if missing
 * @param partitions partitions of the topic; an existing topic must have as many
 * @param count records to send in all, every kind included
 * @param rate records per second, 0 for as fast as the broker takes them
 * @param seed the seed every record derives from
 * @param customers customers the orders belong to
 * @param orderPrefix order IDs are {@code <orderPrefix>-<n>}
 * @param ratios what share of the records each anomaly makes up
 */
public record LoadOptions(
        String bootstrapServers,
        String topic,
        int partitions,
        long count,
        int rate,
        long seed,
        int customers,
        String orderPrefix,
        Ratios ratios) {

    /** Kafka's own rule for topic names. */
    private static final Pattern TOPIC_NAME = Pattern.compile("[a-zA-Z0-9._-]{1,249}");
    /** Short enough that every generated ID stays far below the app's limit of 256 characters. */
    private static final Pattern PREFIX = Pattern.compile("[\\p{Graph}&&[^\\p{Cntrl}]]{1,64}");

    public LoadOptions {
        require(bootstrapServers != null && !bootstrapServers.isBlank(), BOOTSTRAP_SERVERS, "needs a value", "");
        require(topic != null && TOPIC_NAME.matcher(topic).matches(), TOPIC, "must be a Kafka topic name", topic);
        require(partitions >= 1, PARTITIONS, "must be at least 1", partitions);
        require(count >= 1, COUNT, "must be at least 1", count);
        require(rate >= 0, RATE, "must be 0 (unlimited) or more", rate);
        require(customers >= 1, CUSTOMERS, "must be at least 1", customers);
        require(
                orderPrefix != null && PREFIX.matcher(orderPrefix).matches(),
                ORDER_PREFIX,
                "must be 1 to 64 visible characters",
                orderPrefix);
        if (ratios == null) {
            throw new IllegalArgumentException("ratios are missing");
        }
    }

    /** The defaults of every option. */
    public static LoadOptions defaults() {
        return parse(Map.of());
    }

    /**
     * Options from the command line: {@code --name value} pairs without the dashes, as {@code
     * OpsMain} collects them; a missing one takes its default.
     *
     * @throws IllegalArgumentException naming the option that is unknown or has a bad value
     */
    public static LoadOptions parse(Map<String, String> options) {
        for (String name : options.keySet()) {
            if (Arrays.stream(LoadOption.values())
                    .noneMatch(option -> option.flag().equals(name))) {
                throw new IllegalArgumentException("unknown option --" + name + " (see produce --help)");
            }
        }
        return new LoadOptions(
                value(options, BOOTSTRAP_SERVERS),
                value(options, TOPIC),
                integer(options, PARTITIONS),
                whole(options, COUNT),
                integer(options, RATE),
                whole(options, SEED),
                integer(options, CUSTOMERS),
                value(options, ORDER_PREFIX),
                new Ratios(
                        fraction(options, DUPLICATES),
                        fraction(options, CONFLICTS),
                        fraction(options, INTENTS),
                        fraction(options, ILLEGAL),
                        fraction(options, OLD_SCHEMA),
                        fraction(options, MALFORMED),
                        fraction(options, ABORTED)));
    }

    /**
     * The share of all records each kind of anomaly makes up (about: each order draws its own); the
     * rest are events the app applies. Old-schema records are such events, written with v1.
     */
    public record Ratios(
            double duplicates,
            double conflicts,
            double intents,
            double illegal,
            double oldSchema,
            double malformed,
            double aborted) {

        public Ratios {
            requireFraction(duplicates, DUPLICATES);
            requireFraction(conflicts, CONFLICTS);
            requireFraction(intents, INTENTS);
            requireFraction(illegal, ILLEGAL);
            requireFraction(oldSchema, OLD_SCHEMA);
            requireFraction(malformed, MALFORMED);
            requireFraction(aborted, ABORTED);
            double anomalies = duplicates + conflicts + intents + illegal + malformed + aborted;
            if (anomalies >= 1) {
                throw new IllegalArgumentException(String.format(
                        "%s, %s, %s, %s, %s and %s add up to %.3f: they must leave room for the events (less than 1)",
                        DUPLICATES, CONFLICTS, INTENTS, ILLEGAL, MALFORMED, ABORTED, anomalies));
            }
            double most = (1 - anomalies) * LifeCycle.MEAN_OLD_SCHEMA_CAPABLE / LifeCycle.MEAN_EVENTS;
            if (oldSchema > most) {
                throw new IllegalArgumentException(String.format(
                        "%s %s is more than the PAID, SHIPPED and DELIVERED events make up with these ratios"
                                + " (at most %.2f)",
                        OLD_SCHEMA, oldSchema, most));
            }
        }

        /** The share of records that are events the app applies, in either schema. */
        double events() {
            return 1 - (duplicates + conflicts + intents + illegal + malformed + aborted);
        }

        /** Records per order, on average, for a kind to make up {@code ratio} of all records. */
        double perOrder(double ratio) {
            return ratio * LifeCycle.MEAN_EVENTS / events();
        }

        /** The chance that an event v1 can write is written with v1, for {@link #oldSchema} of all records. */
        double oldSchemaChance() {
            return perOrder(oldSchema) / LifeCycle.MEAN_OLD_SCHEMA_CAPABLE;
        }

        private static void requireFraction(double value, LoadOption option) {
            require(value >= 0 && value <= 1, option, "must be a fraction from 0 to 1", value);
        }
    }

    private static void require(boolean valid, LoadOption option, String rule, Object value) {
        if (!valid) {
            throw new IllegalArgumentException(option + " " + rule + ", was '" + value + "'");
        }
    }

    private static String value(Map<String, String> options, LoadOption option) {
        String value = options.getOrDefault(option.flag(), option.defaultValue());
        require(!value.isEmpty(), option, "needs a value", value);
        return value;
    }

    private static long whole(Map<String, String> options, LoadOption option) {
        return parsed(options, option, Long::parseLong, "must be a whole number");
    }

    private static int integer(Map<String, String> options, LoadOption option) {
        long value = whole(options, option);
        require(value == (int) value, option, "is too large", value);
        return (int) value;
    }

    private static double fraction(Map<String, String> options, LoadOption option) {
        return parsed(options, option, Double::parseDouble, "must be a fraction from 0 to 1");
    }

    private static <T> T parsed(
            Map<String, String> options, LoadOption option, Function<String, T> parser, String rule) {
        String value = value(options, option);
        try {
            return parser.apply(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " " + rule + ", was '" + value + "'", e);
        }
    }
}
