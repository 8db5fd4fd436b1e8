package io.orderseos.deadletter;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.orderseos.config.OrdersConfig;
import io.orderseos.metrics.OrdersMetrics;
import io.orderseos.schemas.OrderEvent;
import io.orderseos.schemas.OrderEventType;
import io.orderseos.schemas.OrderStatus;
import io.orderseos.serde.AvroHardening;
import io.orderseos.serde.AvroSerde;
import io.orderseos.testing.DeadLetter;
import io.orderseos.testing.Encodings;
import io.orderseos.testing.Events;
import io.orderseos.testing.OrdersTestDriver;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.apache.avro.Schema;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/**
 * Random mutations of valid records through the whole topology: bit flips, inserted and deleted
 * bytes, truncation, corrupted length prefixes, splices of two records, broken headers, keys and
 * timestamps. For every single input: no exception escapes (in a real app it would stop a stream
 * thread), and the input is accounted for exactly once — applied, dropped as a duplicate, ignored as
 * a duplicate intent, or one dead letter with the input's bytes and true provenance that the
 * producer can send. No record may make the thread allocate more than Avro's limits allow.
 *
 * <p>Reproducible: every choice comes from one seed, printed at the start. {@code
 * -Dorders.fuzz.seed=N} replays a run, {@code -Dorders.fuzz.records=N} changes its length (default
 * 100,000).
 *
 * <p>An integration test only for its length: it needs no broker, but the test driver commits after
 * every record (about 0.2 ms of CPU each), so 100,000 records take 20 s of CPU and, on a shared
 * build machine, minutes.
 */
class HostileInputFuzzIT {
    static final String SEED = "orders.fuzz.seed";
    static final String RECORDS = "orders.fuzz.records";

    private static final int INPUT_MAX_BYTES = 4096;
    private static final int DLQ_MAX_BYTES = 1024;
    private static final int MAX_REQUEST_SIZE = 1024 * 1024;
    private static final int ORDERS = 300;
    private static final Instant NOW = Events.T0.plus(Duration.ofDays(30));
    private static final Duration ALLOWANCE = Duration.ofMinutes(15);
    /**
     * Most a single record may make the processing thread allocate: the smallest of Avro's
     * allocation limits ({@link AvroHardening}). Avro 1.12.2 also checks every length and count
     * against the bytes left before it allocates, so no hostile prefix in a record of at most
     * {@value #INPUT_MAX_BYTES} bytes should come near it; decoding, the dead letter and the test
     * driver's own copies take a few hundred KiB at most (thousands of headers).
     */
    private static final long MAX_ALLOCATION_PER_RECORD = Math.min(
            Math.min(AvroHardening.MAX_STRING_BYTES, AvroHardening.MAX_BYTES_LENGTH),
            8L * AvroHardening.MAX_COLLECTION_ITEMS);

    private static final long[] NASTY_LENGTHS = {
        -1,
        -2,
        Integer.MIN_VALUE,
        Long.MIN_VALUE,
        0,
        1,
        127,
        128,
        4095,
        4096,
        65_536,
        AvroHardening.MAX_STRING_BYTES,
        AvroHardening.MAX_STRING_BYTES + 1L,
        AvroHardening.MAX_COLLECTION_ITEMS,
        AvroHardening.MAX_COLLECTION_ITEMS + 1L,
        Integer.MAX_VALUE,
        Integer.MAX_VALUE + 1L,
        1L << 40,
        Long.MAX_VALUE
    };
    private static final String[] FORGED = {
        DeadLetters.REASON, DeadLetters.DETAIL, DeadLetters.TRUNCATED, DeadLetters.KEY_TRUNCATED,
        DeadLetters.HEADERS_DROPPED, DeadLetters.TOPIC, DeadLetters.PARTITION, DeadLetters.OFFSET,
        DeadLetters.EXCEPTION, DeadLetters.MESSAGE, DeadLetters.STACKTRACE
    };

    /** One input record, and how it was made (for the failure message). */
    private record Input(byte[] key, byte[] value, long timestamp, Headers headers, String how) {}

    /** A valid record: an event's encoding under its orderId. */
    private record Valid(byte[] key, byte[] value) {}

    @Test
    void everyMutatedRecordIsAccountedForExactlyOnceAndNoneStopsProcessing() {
        long seed = Long.getLong(SEED, new SplittableRandom().nextLong());
        int records = Integer.getInteger(RECORDS, 100_000);
        System.out.printf("HostileInputFuzzIT: %,d records, seed %d (replay: -D%s=%d)%n", records, seed, SEED, seed);
        long started = System.nanoTime();

        OrdersConfig config = OrdersConfig.of(Map.of(
                OrdersConfig.INPUT_MAX_BYTES, String.valueOf(INPUT_MAX_BYTES),
                OrdersConfig.DLQ_MAX_BYTES, String.valueOf(DLQ_MAX_BYTES),
                OrdersConfig.TIMESTAMP_MAX_FUTURE, ALLOWANCE.toString()));
        SplittableRandom random = new SplittableRandom(seed);
        Allocation allocation = new Allocation();
        Map<DeadLetterReason, Long> letters = new EnumMap<>(DeadLetterReason.class);
        long applied = 0;
        try (OrdersTestDriver orders = OrdersTestDriver.start(config, Clock.fixed(NOW, ZoneOffset.UTC))) {
            List<Valid> corpus = corpus(orders, random);
            LongSupplier appliedTotal = orders.counterReader(OrdersMetrics.APPLIED);
            LongSupplier duplicates = orders.counterReader(OrdersMetrics.DUPLICATES_DROPPED);
            LongSupplier intents = orders.counterReader(OrdersMetrics.DUPLICATE_INTENTS);
            for (int offset = 0; offset < records; offset++) {
                Input input = mutate(corpus, random, offset);
                long before = appliedTotal.getAsLong() + duplicates.getAsLong() + intents.getAsLong();
                long appliedBefore = appliedTotal.getAsLong();
                long allocatedBefore = allocation.now();
                try {
                    orders.sendRaw(input.key(), input.value(), input.timestamp(), input.headers());
                } catch (RuntimeException | Error e) {
                    throw new AssertionError(describe(seed, offset, input) + ": escaped the topology", e);
                }
                int at = offset;
                allocation.record(allocation.now() - allocatedBefore, offset, () -> describe(seed, at, input));
                List<DeadLetter> written = orders.readDeadLetters();
                long outcomes = appliedTotal.getAsLong() + duplicates.getAsLong() + intents.getAsLong() - before;
                if (outcomes + written.size() != 1) {
                    fail(describe(seed, offset, input) + ": " + outcomes + " outcomes and " + written.size()
                            + " dead letters " + written + ", expected exactly one of them");
                }
                for (DeadLetter letter : written) {
                    checkDeadLetter(letter, input, offset, seed);
                    letters.merge(letter.reason(), 1L, Long::sum);
                }
                boolean wasApplied = appliedTotal.getAsLong() > appliedBefore;
                checkOutputs(orders, wasApplied, input, offset, seed);
                applied += wasApplied ? 1 : 0;
            }
            for (DeadLetterReason reason : DeadLetterReason.values()) {
                assertThat(orders.deadLetterCount(reason))
                        .as("dead letters counted for " + reason)
                        .isEqualTo(letters.getOrDefault(reason, 0L));
            }
            long total = applied
                    + duplicates.getAsLong()
                    + intents.getAsLong()
                    + letters.values().stream().mapToLong(Long::longValue).sum();
            assertThat(total).as("inputs accounted for").isEqualTo(records);
            System.out.printf(
                    "HostileInputFuzzIT: %,d applied, %,d duplicates, %,d duplicate intents, dead letters %s;"
                            + " %,d timestamps clamped; most allocated by one record: %,d bytes, %s; %.1f s (%.1f s CPU)%n",
                    applied,
                    duplicates.getAsLong(),
                    intents.getAsLong(),
                    letters,
                    orders.timestampsClamped(),
                    allocation.max,
                    allocation.maxRecord,
                    (System.nanoTime() - started) / 1e9,
                    allocation.threads.getCurrentThreadCpuTime() / 1e9);
        }
        assertThat(allocation.max)
                .as("bytes allocated for " + allocation.maxRecord)
                .isLessThanOrEqualTo(MAX_ALLOCATION_PER_RECORD);
    }

    /** The dead letter holds the input's bytes, true provenance and none forged, and can be sent. */
    private static void checkDeadLetter(DeadLetter letter, Input input, int offset, long seed) {
        Supplier<String> where = () -> describe(seed, offset, input) + ", " + letter;
        assertThat(letter.header(DeadLetters.OFFSET)).as(where).isEqualTo(String.valueOf(offset));
        assertThat(letter.header(DeadLetters.TOPIC)).as(where).isEqualTo("orders");
        assertThat(letter.header(DeadLetters.PARTITION)).as(where).isEqualTo("0");
        for (String provenance : List.of(
                DeadLetters.REASON,
                DeadLetters.DETAIL,
                DeadLetters.EXCEPTION,
                DeadLetters.MESSAGE,
                DeadLetters.STACKTRACE,
                DeadLetters.TOPIC,
                DeadLetters.PARTITION,
                DeadLetters.OFFSET)) {
            assertThat(letter.headerCount(provenance))
                    .as(() -> where.get() + ": " + provenance)
                    .isEqualTo(1);
        }
        assertThat(letter.sizeUpperBound()).as(where).isLessThanOrEqualTo(MAX_REQUEST_SIZE);
        assertThat(letter.key()).as(where).isEqualTo(input.key());
        assertThat(letter.header(DeadLetters.KEY_TRUNCATED)).as(where).isNull();
        if (input.value() != null && input.value().length > DLQ_MAX_BYTES) {
            assertThat(letter.value()).as(where).isEqualTo(Arrays.copyOf(input.value(), DLQ_MAX_BYTES));
            assertThat(letter.header(DeadLetters.TRUNCATED)).as(where).isEqualTo(String.valueOf(input.value().length));
        } else {
            assertThat(letter.value()).as(where).isEqualTo(input.value());
            assertThat(letter.headerCount(DeadLetters.TRUNCATED)).as(where).isZero();
        }
        List<Header> own = ownHeaders(input.headers());
        List<Header> kept = ownHeaders(letter.record().headers());
        assertThat(kept).as(where).isEqualTo(own.subList(0, kept.size()));
        String dropped = letter.header(DeadLetters.HEADERS_DROPPED);
        assertThat(dropped == null ? 0 : Integer.parseInt(dropped)).as(where).isEqualTo(own.size() - kept.size());
        if (input.timestamp() >= 0) {
            assertThat(letter.timestamp().toEpochMilli())
                    .as(where)
                    .isEqualTo(Math.min(input.timestamp(), NOW.plus(ALLOWANCE).toEpochMilli()));
        }
    }

    /** An applied event yields one order-status and one customer-stats record, with no input headers. */
    private static void checkOutputs(OrdersTestDriver orders, boolean applied, Input input, int offset, long seed) {
        List<TestRecord<String, OrderStatus>> statuses = orders.readOrderStatusRecords();
        int expected = applied ? 1 : 0;
        Supplier<String> where = () -> describe(seed, offset, input);
        assertThat(statuses).as(where).hasSize(expected);
        assertThat(orders.readCustomerStatsRecords())
                .as(where)
                .hasSize(expected)
                .allSatisfy(stats -> assertThat(stats.headers().toArray()).isEmpty());
        for (TestRecord<String, OrderStatus> status : statuses) {
            assertThat(status.headers().toArray()).as(where).isEmpty();
            assertThat(status.getRecordTime()).as(where).isBeforeOrEqualTo(NOW.plus(ALLOWANCE));
        }
    }

    private static List<Header> ownHeaders(Headers headers) {
        List<Header> own = new ArrayList<>();
        if (headers != null) {
            for (Header header : headers) {
                if (!header.key().startsWith("__streams.errors.")
                        && !header.key().startsWith("orders.dlq.")) {
                    own.add(header);
                }
            }
        }
        return own;
    }

    /**
     * Valid encodings of every step of {@value #ORDERS} orders, in the current schema and (where it
     * can say it) the frozen v1: the material the mutations start from.
     */
    private static List<Valid> corpus(OrdersTestDriver orders, SplittableRandom random) {
        Schema v1 =
                AvroSerde.orderEvents(Integer.MAX_VALUE).versions().history().get(0);
        List<Valid> corpus = new ArrayList<>();
        for (int i = 0; i < ORDERS; i++) {
            String orderId = "o-" + i;
            String customerId = "c-" + random.nextInt(ORDERS / 10);
            Instant at = Events.T0.plusSeconds(i);
            for (OrderEventType type : OrderEventType.values()) {
                Events.Builder builder = Events.of(type, orderId, customerId).at(at.plusSeconds(type.ordinal()));
                if (type == OrderEventType.PLACED) {
                    for (int item = random.nextInt(3); item > 0; item--) {
                        builder.item(
                                "sku-" + random.nextInt(100), 1 + random.nextInt(5), random.nextInt(1, 10_000) + ".99");
                    }
                }
                OrderEvent event = builder.build();
                byte[] key = orderId.getBytes(UTF_8);
                corpus.add(new Valid(key, orders.encode(event)));
                if (type != OrderEventType.CANCELLED) {
                    corpus.add(new Valid(key, Encodings.encode(event, v1)));
                }
            }
        }
        return corpus;
    }

    /** A record made from the corpus by 0 to 3 random mutations of its value, key, headers and timestamp. */
    private static Input mutate(List<Valid> corpus, SplittableRandom random, int offset) {
        Valid base = corpus.get(random.nextInt(corpus.size()));
        byte[] value = base.value();
        StringBuilder how = new StringBuilder();
        int mutations = random.nextInt(8) == 0 ? 0 : 1 + random.nextInt(3);
        for (int i = 0; i < mutations && value != null; i++) {
            int kind = random.nextInt(12);
            how.append(VALUE_MUTATIONS[kind]).append(' ');
            value = mutateValue(kind, value, corpus, random);
        }
        byte[] key = base.key();
        if (random.nextInt(8) == 0) {
            int kind = random.nextInt(KEY_MUTATIONS.length);
            how.append(KEY_MUTATIONS[kind]).append(' ');
            key = mutateKey(kind, key, random);
        }
        Headers headers = null;
        if (random.nextInt(10) == 0) {
            // Mostly a few headers; one in twenty has thousands, one in twenty over a megabyte.
            int roll = random.nextInt(20);
            int kind = roll == 0 ? 2 : roll == 1 ? 3 : roll % 2;
            how.append(HEADER_MUTATIONS[kind]).append(' ');
            headers = headers(kind, random);
        }
        long timestamp = Events.T0.toEpochMilli() + offset * 1000L;
        if (random.nextInt(20) == 0) {
            long[] odd = {
                -1,
                -random.nextLong(1, Long.MAX_VALUE),
                0,
                Long.MAX_VALUE,
                NOW.plus(Duration.ofDays(365 * 70)).toEpochMilli(),
                NOW.plus(ALLOWANCE).toEpochMilli() + 1
            };
            timestamp = odd[random.nextInt(odd.length)];
            how.append("timestamp=").append(timestamp).append(' ');
        }
        return new Input(
                key,
                value,
                timestamp,
                headers,
                how.length() == 0 ? "unchanged" : how.toString().trim());
    }

    private static final String[] VALUE_MUTATIONS = {
        "bit-flips",
        "body-byte-flips",
        "insert",
        "delete",
        "truncate",
        "append",
        "length-prefix",
        "splice",
        "tombstone-or-empty",
        "oversize",
        "header-bytes",
        "repeat-chunk"
    };

    private static byte[] mutateValue(int kind, byte[] value, List<Valid> corpus, SplittableRandom random) {
        int length = value.length;
        switch (kind) {
            case 0 -> {
                byte[] copy = value.clone();
                for (int flips = 1 + random.nextInt(4); flips > 0 && length > 0; flips--) {
                    copy[random.nextInt(length)] ^= (byte) (1 << random.nextInt(8));
                }
                return copy;
            }
            case 1 -> {
                byte[] copy = value.clone();
                if (length > AvroSerde.HEADER_LENGTH) {
                    copy[random.nextInt(AvroSerde.HEADER_LENGTH, length)] = (byte) random.nextInt(256);
                }
                return copy;
            }
            case 2 -> {
                byte[] inserted = new byte[1 + random.nextInt(16)];
                random.nextBytes(inserted);
                return splice(value, random.nextInt(length + 1), inserted, 0);
            }
            case 3 -> {
                int at = random.nextInt(length + 1);
                return splice(value, at, new byte[0], Math.min(length - at, 1 + random.nextInt(16)));
            }
            case 4 -> {
                return Arrays.copyOf(value, random.nextInt(length + 1));
            }
            case 5 -> {
                byte[] tail = new byte[1 + random.nextInt(32)];
                random.nextBytes(tail);
                return splice(value, length, tail, 0);
            }
            case 6 -> {
                // A zig-zag varint of a hostile length or count, over or into the body: anywhere, or
                // where one is read for sure, the eventId's length (the first body byte) or the
                // item count (the last byte of an event without items).
                long nasty = NASTY_LENGTHS[random.nextInt(NASTY_LENGTHS.length)];
                int where = random.nextInt(3);
                int at;
                if (length <= AvroSerde.HEADER_LENGTH) {
                    at = length;
                } else if (where == 0) {
                    at = AvroSerde.HEADER_LENGTH;
                } else if (where == 1) {
                    at = length - 1;
                } else {
                    at = random.nextInt(AvroSerde.HEADER_LENGTH, length);
                }
                byte[] varint = varint(nasty);
                return splice(value, at, varint, random.nextBoolean() ? Math.min(varint.length, length - at) : 0);
            }
            case 7 -> {
                byte[] other = corpus.get(random.nextInt(corpus.size())).value();
                int cut = random.nextInt(length + 1);
                int from = random.nextInt(other.length + 1);
                return splice(Arrays.copyOf(value, cut), cut, Arrays.copyOfRange(other, from, other.length), 0);
            }
            case 8 -> {
                return random.nextBoolean() ? null : new byte[0];
            }
            case 9 -> {
                byte[] padding =
                        new byte[INPUT_MAX_BYTES + 1 - Math.min(length, INPUT_MAX_BYTES) + random.nextInt(2048)];
                random.nextBytes(padding);
                return splice(value, length, padding, 0);
            }
            case 10 -> {
                byte[] copy = value.clone();
                if (length > 0) {
                    copy[random.nextInt(Math.min(length, AvroSerde.HEADER_LENGTH))] ^= (byte) (1 + random.nextInt(255));
                }
                return copy;
            }
            default -> {
                int from = random.nextInt(length + 1);
                int to = Math.min(length, from + random.nextInt(64));
                return splice(value, to, Arrays.copyOfRange(value, from, to), 0);
            }
        }
    }

    private static final String[] KEY_MUTATIONS = {
        "null-key", "empty-key", "random-key", "other-order's-key", "key+0xFF", "huge-key"
    };

    private static byte[] mutateKey(int kind, byte[] key, SplittableRandom random) {
        return switch (kind) {
            case 0 -> null;
            case 1 -> new byte[0];
            case 2 -> {
                byte[] bytes = new byte[1 + random.nextInt(20)];
                random.nextBytes(bytes);
                yield bytes;
            }
            case 3 -> ("o-" + random.nextInt(ORDERS)).getBytes(UTF_8);
            case 4 ->
                splice(key == null ? new byte[0] : key, key == null ? 0 : key.length, new byte[] {(byte) 0xFF}, 0);
            default -> "k".repeat(1 + random.nextInt(5_000)).getBytes(UTF_8);
        };
    }

    private static final String[] HEADER_MUTATIONS = {
        "random-headers", "forged-provenance", "thousands-of-headers", "huge-headers"
    };

    private static Headers headers(int kind, SplittableRandom random) {
        RecordHeaders headers = new RecordHeaders();
        switch (kind) {
            case 0 -> {
                for (int i = random.nextInt(1, 6); i > 0; i--) {
                    byte[] value = random.nextInt(5) == 0 ? null : new byte[random.nextInt(64)];
                    if (value != null) {
                        random.nextBytes(value);
                    }
                    headers.add("h-" + random.nextInt(1000), value);
                }
            }
            case 1 -> {
                for (String name : FORGED) {
                    if (random.nextBoolean()) {
                        headers.add(name, "forged".getBytes(UTF_8));
                    }
                }
                headers.add("trace-id", "t-1".getBytes(UTF_8));
            }
            case 2 -> {
                for (int i = random.nextInt(1_000, 3_000); i > 0; i--) {
                    headers.add("h-" + i, ("v-" + i).getBytes(UTF_8));
                }
            }
            default -> {
                for (int i = 0; i < 20; i++) {
                    headers.add("big-" + i, new byte[64 * 1024]);
                }
            }
        }
        return headers;
    }

    /** {@code bytes} with {@code removed} bytes at {@code at} replaced by {@code inserted}. */
    private static byte[] splice(byte[] bytes, int at, byte[] inserted, int removed) {
        byte[] out = new byte[bytes.length - removed + inserted.length];
        System.arraycopy(bytes, 0, out, 0, at);
        System.arraycopy(inserted, 0, out, at, inserted.length);
        System.arraycopy(bytes, at + removed, out, at + inserted.length, bytes.length - at - removed);
        return out;
    }

    /** Avro's zig-zag varint of {@code n}. */
    private static byte[] varint(long n) {
        long zigzag = (n << 1) ^ (n >> 63);
        byte[] out = new byte[10];
        int i = 0;
        while ((zigzag & ~0x7FL) != 0) {
            out[i++] = (byte) ((zigzag & 0x7F) | 0x80);
            zigzag >>>= 7;
        }
        out[i++] = (byte) zigzag;
        return Arrays.copyOf(out, i);
    }

    private static String describe(long seed, int offset, Input input) {
        return String.format(
                "record #%d (seed %d: %s; key %s, value %s)",
                offset,
                seed,
                input.how(),
                input.key() == null
                        ? "null"
                        : HexFormat.of().formatHex(input.key(), 0, Math.min(input.key().length, 32)),
                input.value() == null
                        ? "null"
                        : HexFormat.of().formatHex(input.value(), 0, Math.min(input.value().length, 64))
                                + (input.value().length > 64 ? "... (" + input.value().length + " bytes)" : ""));
    }

    /**
     * Bytes this thread allocated, and the most any one record took after the first {@value
     * #WARM_UP} (whose allocations include loading classes and filling caches).
     */
    private static final class Allocation {
        static final int WARM_UP = 1_000;

        private final com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long max;
        String maxRecord = "none";

        long now() {
            return threads.getCurrentThreadAllocatedBytes();
        }

        void record(long bytes, int offset, Supplier<String> record) {
            if (offset >= WARM_UP && bytes > max) {
                max = bytes;
                maxRecord = record.get();
            }
        }
    }
}
