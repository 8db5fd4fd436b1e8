package io.orderseos.ops.load;

import java.util.regex.Pattern;
import picocli.CommandLine.Option;

/**
 * What {@code produce} sends, and where. Every value is checked here, whether parsed from the
 * command line or built by another command (a chaos harness) with a {@link Builder}, so a bad one
 * fails with an {@link IllegalArgumentException} naming its option before anything is sent.
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
 * @param reorder whether the app holds early events ({@code orders.reorder.window} set): records
 *     are then labelled by that rule, and the kinds that need it may be sent
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
        Ratios ratios,
        boolean reorder) {

    /** Kafka's own rule for topic names. */
    private static final Pattern TOPIC_NAME = Pattern.compile("[a-zA-Z0-9._-]{1,249}");
    /** Short enough that every generated ID stays far below the app's limit of 256 characters. */
    private static final Pattern PREFIX = Pattern.compile("[\\p{Graph}&&[^\\p{Cntrl}]]{1,64}");

    public LoadOptions {
        require(bootstrapServers != null && !bootstrapServers.isBlank(), "--bootstrap-servers", "needs a value", "");
        require(topic != null && TOPIC_NAME.matcher(topic).matches(), "--topic", "must be a Kafka topic name", topic);
        require(partitions >= 1, "--partitions", "must be at least 1", partitions);
        require(count >= 1, "--count", "must be at least 1", count);
        require(rate >= 0, "--rate", "must be 0 (unlimited) or more", rate);
        require(customers >= 1, "--customers", "must be at least 1", customers);
        require(
                orderPrefix != null && PREFIX.matcher(orderPrefix).matches(),
                "--order-prefix",
                "must be 1 to 64 visible characters",
                orderPrefix);
        if (ratios == null) {
            throw new IllegalArgumentException("ratios are missing");
        }
        require(
                reorder || ratios.outOfOrder() == 0 && ratios.missingPredecessor() == 0,
                "--out-of-order and --missing-predecessor",
                "need --reorder (an app that holds early events: orders.reorder.window set)",
                ratios.outOfOrder() + " and " + ratios.missingPredecessor());
    }

    /** The defaults of every option. */
    public static LoadOptions defaults() {
        return builder().build();
    }

    /** Options set one by one, each starting at its default. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The share of all records each kind of anomaly makes up (about: each order draws its own); the
     * rest are events the app applies. Old-schema records are such events, written with v1; so are
     * out-of-order ones, sent before the step they follow. A missing predecessor is an extra record.
     */
    public record Ratios(
            double duplicates,
            double conflicts,
            double intents,
            double illegal,
            double oldSchema,
            double malformed,
            double aborted,
            double outOfOrder,
            double missingPredecessor) {

        public Ratios {
            requireFraction(duplicates, "--duplicates");
            requireFraction(conflicts, "--conflicts");
            requireFraction(intents, "--intents");
            requireFraction(illegal, "--illegal");
            requireFraction(oldSchema, "--old-schema");
            requireFraction(malformed, "--malformed");
            requireFraction(aborted, "--aborted");
            requireFraction(outOfOrder, "--out-of-order");
            requireFraction(missingPredecessor, "--missing-predecessor");
            double anomalies = duplicates + conflicts + intents + illegal + malformed + aborted + missingPredecessor;
            if (anomalies >= 1) {
                throw new IllegalArgumentException(String.format(
                        "--duplicates, --conflicts, --intents, --illegal, --malformed, --aborted and"
                                + " --missing-predecessor add up to %.3f: they must leave room for the events (less"
                                + " than 1)",
                        anomalies));
            }
            double swaps = (1 - anomalies) / LifeCycle.MEAN_EVENTS;
            if (outOfOrder > swaps) {
                throw new IllegalArgumentException(String.format(
                        "--out-of-order %s is more than one swapped pair per order makes up with these ratios"
                                + " (at most %.2f)",
                        outOfOrder, swaps));
            }
            double most = (1 - anomalies) * LifeCycle.MEAN_OLD_SCHEMA_CAPABLE / LifeCycle.MEAN_EVENTS;
            if (oldSchema > most) {
                throw new IllegalArgumentException(String.format(
                        "--old-schema %s is more than the PAID, SHIPPED and DELIVERED events make up with these ratios"
                                + " (at most %.2f)",
                        oldSchema, most));
            }
        }

        /** The share of records that are events the app applies, in either schema. */
        double events() {
            return 1 - (duplicates + conflicts + intents + illegal + malformed + aborted + missingPredecessor);
        }

        /** Records per order, on average, for a kind to make up {@code ratio} of all records. */
        double perOrder(double ratio) {
            return ratio * LifeCycle.MEAN_EVENTS / events();
        }

        /** The chance that an event v1 can write is written with v1, for {@link #oldSchema} of all records. */
        double oldSchemaChance() {
            return perOrder(oldSchema) / LifeCycle.MEAN_OLD_SCHEMA_CAPABLE;
        }

        private static void requireFraction(double value, String option) {
            require(value >= 0 && value <= 1, option, "must be a fraction from 0 to 1", value);
        }
    }

    private static void require(boolean valid, String option, String rule, Object value) {
        if (!valid) {
            throw new IllegalArgumentException(option + " " + rule + ", was '" + value + "'");
        }
    }

    /**
     * The options one by one, each starting at its default: picocli sets them from {@code produce}'s
     * command line (a mixin), other commands from their own values; {@link #build} checks them.
     */
    public static final class Builder {
        @Option(
                names = "--bootstrap-servers",
                paramLabel = "HOST:PORT",
                description = "Kafka brokers to send to (default ${DEFAULT-VALUE})")
        private String bootstrapServers = "localhost:9092";

        @Option(
                names = "--topic",
                paramLabel = "NAME",
                description = "input topic; created if missing (default ${DEFAULT-VALUE})")
        private String topic = "orders";

        @Option(
                names = "--partitions",
                paramLabel = "N",
                description = "partitions of the topic; an existing topic must have as many (default ${DEFAULT-VALUE})")
        private int partitions = 6;

        @Option(
                names = "--count",
                paramLabel = "N",
                description = "records to send in all, every kind included (default ${DEFAULT-VALUE})")
        private long count = 100_000;

        @Option(
                names = "--rate",
                paramLabel = "N",
                description = "records per second; 0 sends as fast as the broker takes them (default ${DEFAULT-VALUE})")
        private int rate;

        @Option(
                names = "--seed",
                paramLabel = "N",
                description =
                        "the same seed and options send the same records, byte for byte (default ${DEFAULT-VALUE})")
        private long seed = 42;

        @Option(
                names = "--customers",
                paramLabel = "N",
                description = "customers the orders belong to (c-0 ... c-N-1) (default ${DEFAULT-VALUE})")
        private int customers = 1_000;

        @Option(
                names = "--order-prefix",
                paramLabel = "PREFIX",
                description = "order IDs are <prefix>-<n>; another prefix gives new orders (default ${DEFAULT-VALUE})")
        private String orderPrefix = "o";

        @Option(
                names = "--duplicates",
                paramLabel = "FRACTION",
                description = "fraction of records that are exact duplicates of an event (default ${DEFAULT-VALUE})")
        private double duplicates = 0.05;

        @Option(
                names = "--conflicts",
                paramLabel = "FRACTION",
                description = "fraction that reuse an event's ID with another payload (default ${DEFAULT-VALUE})")
        private double conflicts = 0.01;

        @Option(
                names = "--intents",
                paramLabel = "FRACTION",
                description =
                        "fraction that are duplicate intents (new event ID, step already taken) (default ${DEFAULT-VALUE})")
        private double intents = 0.02;

        @Option(
                names = "--illegal",
                paramLabel = "FRACTION",
                description = "fraction that are illegal transitions (default ${DEFAULT-VALUE})")
        private double illegal = 0.02;

        @Option(
                names = "--old-schema",
                paramLabel = "FRACTION",
                description =
                        "fraction that are legal PAID/SHIPPED/DELIVERED written with schema v1 (default ${DEFAULT-VALUE})")
        private double oldSchema = 0.05;

        @Option(
                names = "--malformed",
                paramLabel = "FRACTION",
                description =
                        "fraction that are malformed (bad bytes, tombstones, bad keys, broken rules) (default ${DEFAULT-VALUE})")
        private double malformed = 0.02;

        @Option(
                names = "--aborted",
                paramLabel = "FRACTION",
                description =
                        "fraction sent in upstream transactions that are aborted (never visible) (default ${DEFAULT-VALUE})")
        private double aborted = 0.01;

        @Option(
                names = "--out-of-order",
                paramLabel = "FRACTION",
                description = "fraction that are a step sent right before the step it follows (PAID before PLACED);"
                        + " needs --reorder (default ${DEFAULT-VALUE})")
        private double outOfOrder;

        @Option(
                names = "--missing-predecessor",
                paramLabel = "FRACTION",
                description = "fraction that are a step whose previous step never comes (PAID of an order never"
                        + " placed); needs --reorder (default ${DEFAULT-VALUE})")
        private double missingPredecessor;

        @Option(
                names = "--reorder",
                description = "the app holds early events (orders.reorder.window set): label records by that rule"
                        + " (default ${DEFAULT-VALUE})")
        private boolean reorder;

        private Builder() {}

        public Builder bootstrapServers(String bootstrapServers) {
            this.bootstrapServers = bootstrapServers;
            return this;
        }

        public Builder topic(String topic) {
            this.topic = topic;
            return this;
        }

        public Builder partitions(int partitions) {
            this.partitions = partitions;
            return this;
        }

        public Builder count(long count) {
            this.count = count;
            return this;
        }

        public Builder rate(int rate) {
            this.rate = rate;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder customers(int customers) {
            this.customers = customers;
            return this;
        }

        public Builder orderPrefix(String orderPrefix) {
            this.orderPrefix = orderPrefix;
            return this;
        }

        /** Events out of order at these shares of all records, for an app with a reorder window. */
        public Builder reorder(double outOfOrder, double missingPredecessor) {
            this.reorder = true;
            this.outOfOrder = outOfOrder;
            this.missingPredecessor = missingPredecessor;
            return this;
        }

        /** @throws IllegalArgumentException naming the option with a bad value */
        public LoadOptions build() {
            return new LoadOptions(
                    bootstrapServers,
                    topic,
                    partitions,
                    count,
                    rate,
                    seed,
                    customers,
                    orderPrefix,
                    new Ratios(
                            duplicates,
                            conflicts,
                            intents,
                            illegal,
                            oldSchema,
                            malformed,
                            aborted,
                            outOfOrder,
                            missingPredecessor),
                    reorder);
        }
    }
}
