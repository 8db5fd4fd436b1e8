package io.orderseos.ops.topics;

/**
 * One way a topic on the cluster differs from the spec.
 *
 * @param setting what differs: "partitions", "replication factor", a config name, "exists"
 * @param actual what the cluster has
 * @param expected what the spec says, with the reason where it is not obvious
 */
record Difference(String topic, String setting, String actual, String expected) {
    @Override
    public String toString() {
        return String.format("%-32s %s, spec %s", setting, actual, expected);
    }
}
