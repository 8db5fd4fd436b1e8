package io.orderseos.ops.verify;

/**
 * One record of the input topic as a committed reader sees it.
 *
 * @param replayed whether it carries the header {@code orders.replay.origin}: a dead letter that
 *     {@code dlq-replay} sent back
 */
record InputRecord(int partition, long offset, long timestamp, byte[] key, byte[] value, boolean replayed) {
    String position() {
        return partition + "@" + offset;
    }
}
