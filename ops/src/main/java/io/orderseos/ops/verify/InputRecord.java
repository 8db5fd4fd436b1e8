package io.orderseos.ops.verify;

/** One record of the input topic as a committed reader sees it. */
record InputRecord(int partition, long offset, long timestamp, byte[] key, byte[] value) {
    String position() {
        return partition + "@" + offset;
    }
}
