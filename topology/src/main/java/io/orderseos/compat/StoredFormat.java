package io.orderseos.compat;

/**
 * One thing a release keeps or exchanges that another release must read: a state store (with its
 * changelog), the repartition topic, the input or an output topic.
 *
 * @param name the store's name, or the topic's (repartition: its name in the topology)
 * @param kind what it is; for a store, its type, which fixes its on-disk and changelog format
 * @param topic the topic its records travel in: the changelog of a store, {@code
 *     ${application.id}-...} for internal topics
 */
public record StoredFormat(String name, Kind kind, String topic, Encoding key, Encoding value) {

    /** The kinds, named as the description names them. */
    public enum Kind {
        KEY_VALUE_STORE("key-value-store"),
        TIMESTAMPED_KEY_VALUE_STORE("timestamped-key-value-store"),
        VERSIONED_KEY_VALUE_STORE("versioned-key-value-store"),
        WINDOW_STORE("window-store"),
        TIMESTAMPED_WINDOW_STORE("timestamped-window-store"),
        SESSION_STORE("session-store"),
        REPARTITION_TOPIC("repartition-topic"),
        INPUT_TOPIC("input-topic"),
        OUTPUT_TOPIC("output-topic");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        public boolean isStore() {
            return label.endsWith("-store");
        }

        /** Whether orders-eos writes it (all but the input, which other teams' producers write). */
        public boolean writtenByTheApp() {
            return this != INPUT_TOPIC;
        }

        public static Kind of(String label) {
            for (Kind kind : values()) {
                if (kind.label.equals(label)) {
                    return kind;
                }
            }
            throw new IllegalArgumentException("unknown kind '" + label + "'");
        }

        @Override
        public String toString() {
            return label;
        }
    }
}
