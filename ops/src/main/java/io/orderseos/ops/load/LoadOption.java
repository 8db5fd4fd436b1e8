package io.orderseos.ops.load;

/**
 * The options of {@code produce}: flag, default and meaning. {@link LoadOptions#parse} and the usage
 * text are both built from this table, so a default is written down once.
 */
enum LoadOption {
    BOOTSTRAP_SERVERS("bootstrap-servers", "localhost:9092", "Kafka brokers to send to"),
    TOPIC("topic", "orders", "input topic; created if missing"),
    PARTITIONS("partitions", "6", "partitions of the topic; an existing topic must have as many"),
    COUNT("count", "100000", "records to send in all, every kind included"),
    RATE("rate", "0", "records per second; 0 sends as fast as the broker takes them"),
    SEED("seed", "42", "the same seed and options send the same records, byte for byte"),
    CUSTOMERS("customers", "1000", "customers the orders belong to (c-0 ... c-N-1)"),
    ORDER_PREFIX("order-prefix", "o", "order IDs are <prefix>-<n>; another prefix gives new orders"),
    DUPLICATES("duplicates", "0.05", "fraction of records that are exact duplicates of an event"),
    CONFLICTS("conflicts", "0.01", "fraction that reuse an event's ID with another payload"),
    INTENTS("intents", "0.02", "fraction that are duplicate intents (new event ID, step already taken)"),
    ILLEGAL("illegal", "0.02", "fraction that are illegal transitions"),
    OLD_SCHEMA("old-schema", "0.05", "fraction that are legal PAID/SHIPPED/DELIVERED written with schema v1"),
    MALFORMED("malformed", "0.02", "fraction that are malformed (bad bytes, tombstones, bad keys, broken rules)"),
    ABORTED("aborted", "0.01", "fraction sent in upstream transactions that are aborted (never visible)");

    private final String flag;
    private final String defaultValue;
    private final String meaning;

    LoadOption(String flag, String defaultValue, String meaning) {
        this.flag = flag;
        this.defaultValue = defaultValue;
        this.meaning = meaning;
    }

    /** The option's name without the leading {@code --}. */
    String flag() {
        return flag;
    }

    String defaultValue() {
        return defaultValue;
    }

    String meaning() {
        return meaning;
    }

    /** {@code --flag}, as messages name it. */
    @Override
    public String toString() {
        return "--" + flag;
    }
}
