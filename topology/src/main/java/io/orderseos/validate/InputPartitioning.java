package io.orderseos.validate;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether an input record sits on the partition Java's default partitioner gives its key (murmur2
 * of the key bytes, modulo the partition count). Dedup and the state machine keep each order's
 * state in the task of one partition: an order whose events a producer of another kind (librdkafka's
 * default {@code consistent_random} is CRC32) spreads over two partitions has copies missed and steps
 * judged without their order. Such records are counted ({@value #METER}, {@code
 * orders_misrouted_total}) and logged, at most once a minute, naming the producer-side fix; with
 * {@code orders.input.misrouted=dead-letter} each is a {@code MISROUTED} dead letter too.
 *
 * <p>The partition count is the input topic's, learned when the app checks its topics at start; until
 * then (and in a test driver that sets none) nothing is checked. One instance per Kafka Streams
 * instance, handed to the validation stage through the configuration map under {@link #CONFIG}.
 */
public final class InputPartitioning {
    /** The configuration key the instance is passed under; not a setting a user writes. */
    public static final String CONFIG = "orders.internal.input.partitioning";

    public static final String METER = "orders.misrouted";

    private static final Logger log = LoggerFactory.getLogger(InputPartitioning.class);
    private static final long WARN_EVERY_MS = 60_000;

    private final Counter misrouted;
    private final boolean deadLetter;
    private final AtomicLong nextWarning = new AtomicLong(Long.MIN_VALUE);
    private volatile int partitions;

    public InputPartitioning(MeterRegistry registry, boolean deadLetter) {
        this.misrouted = Counter.builder(METER)
                .description("Input records on another partition than Java's default partitioner gives their key.")
                .register(registry);
        this.deadLetter = deadLetter;
    }

    /** The input topic has {@code partitions} partitions: check from now on. */
    public void partitions(int partitions) {
        this.partitions = partitions;
    }

    /** Whether a misrouted record is also a dead letter ({@code orders.input.misrouted=dead-letter}). */
    boolean deadLetter() {
        return deadLetter;
    }

    /** The partition Java's default partitioner gives {@code key}, or -1 while the count is unknown. */
    int expected(String key) {
        int count = partitions;
        return count <= 0 ? -1 : Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % count;
    }

    /** Counts a misrouted record, and logs it unless one was logged within the last minute. */
    void misrouted(String topic, String key, int partition, int expected, long nowMs) {
        misrouted.increment();
        long next = nextWarning.get();
        if (nowMs >= next && nextWarning.compareAndSet(next, nowMs + WARN_EVERY_MS)) {
            log.warn(
                    "Input record of key {} on partition {} of {}, where Java's default partitioner (murmur2) puts it on"
                            + " partition {} ({} such records so far; logged at most once a minute). A producer"
                            + " partitions by another hash: with librdkafka set partitioner=murmur2_random, with"
                            + " kafkajs Partitioners.DefaultPartitioner (docs/producers.md#key-and-partition)",
                    key,
                    partition,
                    topic,
                    expected,
                    (long) misrouted.count());
        }
    }

    public long misroutedCount() {
        return (long) misrouted.count();
    }

    /** The instance in {@code configs}, or one that checks nothing. */
    static InputPartitioning from(Map<String, ?> configs) {
        return configs.get(CONFIG) instanceof InputPartitioning partitioning
                ? partitioning
                : new InputPartitioning(new SimpleMeterRegistry(), false);
    }
}
