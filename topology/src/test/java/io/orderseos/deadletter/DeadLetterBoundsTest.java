package io.orderseos.deadletter;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.orderseos.config.OrdersConfig;
import io.orderseos.testing.DeadLetter;
import io.orderseos.testing.Events;
import io.orderseos.testing.OrdersTestDriver;
import io.orderseos.time.FutureTimestamps;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.internal.AbstractRecords;
import org.apache.kafka.common.record.internal.CompressionType;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.streams.errors.internals.DefaultErrorHandlerContext;
import org.apache.kafka.streams.processor.TaskId;
import org.junit.jupiter.api.Test;

/**
 * A dead letter the producer refused ({@code RecordTooLargeException}) would stop the stream thread,
 * again after every restart. So none may exceed {@code max.request.size} (1 MiB by default), whatever
 * the input: the sizes here are those Kafka's producer computes before it refuses a record.
 */
class DeadLetterBoundsTest {
    private static final int MAX_REQUEST_SIZE = 1024 * 1024;

    @Test
    void largestPossibleProvenanceFitsTheHeadroom() {
        DeadLetters deadLetters = new DeadLetters(
                "orders-dlq",
                512 * 1024,
                MAX_REQUEST_SIZE,
                new FutureTimestamps(Duration.ofMinutes(15), Clock.systemUTC()));
        // Three UTF-8 bytes per character, everywhere a text can be long; every flag set.
        String longest = "€".repeat(100_000);
        RuntimeException cause = new RuntimeException(longest);
        for (int i = 0; i < 20; i++) {
            cause = new RuntimeException(longest, cause);
        }
        RecordHeaders input = new RecordHeaders();
        input.add("trace-id", new byte[MAX_REQUEST_SIZE]);
        DefaultErrorHandlerContext context = new DefaultErrorHandlerContext(
                null,
                "t".repeat(249),
                Integer.MAX_VALUE,
                Long.MAX_VALUE,
                input,
                "validate",
                new TaskId(0, 0),
                Long.MAX_VALUE,
                new byte[MAX_REQUEST_SIZE],
                new byte[MAX_REQUEST_SIZE]);

        ProducerRecord<byte[], byte[]> letter =
                deadLetters.build(context, DeadLetterReason.DESERIALIZATION, longest, cause);

        assertThat(letter.headers().lastHeader(DeadLetters.TRUNCATED)).isNotNull();
        assertThat(letter.headers().lastHeader(DeadLetters.KEY_TRUNCATED)).isNotNull();
        assertThat(letter.headers().lastHeader(DeadLetters.HEADERS_DROPPED)).isNotNull();
        assertThat(letter.headers().lastHeader(DeadLetters.INPUT_TIMESTAMP)).isNotNull();
        assertThat(letter.headers().lastHeader("trace-id")).isNull();
        int provenanceAndFraming = size(null, null, letter.headers().toArray());
        assertThat(provenanceAndFraming).isLessThanOrEqualTo(DeadLetters.HEADROOM);
        assertThat(size(letter.key(), letter.value(), letter.headers().toArray()))
                .isLessThanOrEqualTo(MAX_REQUEST_SIZE);
    }

    @Test
    void oversizeRecordWithAHugeKeyAndHeadersYieldsASendableDeadLetter() {
        // Larger than a default broker accepts on the input, but a topic can be configured for it.
        byte[] key = filled(900 * 1024, 'k');
        byte[] value = filled(600 * 1024, 'v');
        RecordHeaders headers = new RecordHeaders();
        for (int i = 0; i < 300; i++) {
            headers.add("h-" + i, filled(1024, 'h'));
        }
        try (OrdersTestDriver orders = OrdersTestDriver.start()) {
            orders.sendRaw(key, value, Events.T0.toEpochMilli(), headers);

            DeadLetter letter = onlyDeadLetter(orders);
            assertThat(letter.reason()).isEqualTo(DeadLetterReason.OVERSIZE);
            assertThat(letter.sizeUpperBound()).isLessThanOrEqualTo(MAX_REQUEST_SIZE);
            int valueBytes = orders.config().dlqMaxBytes();
            assertThat(letter.value()).isEqualTo(Arrays.copyOf(value, valueBytes));
            assertThat(letter.header(DeadLetters.TRUNCATED)).isEqualTo(String.valueOf(value.length));
            assertThat(letter.key())
                    .isEqualTo(Arrays.copyOf(key, MAX_REQUEST_SIZE - DeadLetters.HEADROOM - valueBytes));
            assertThat(letter.header(DeadLetters.KEY_TRUNCATED)).isEqualTo(String.valueOf(key.length));
            assertThat(letter.header(DeadLetters.HEADERS_DROPPED)).isEqualTo("300");
            assertThat(letter.header("h-0")).isNull();
            assertThat(orders.processesTheNextGoodRecord()).isTrue();
        }
    }

    @Test
    void thousandsOfHeadersAreKeptInOrderAsFarAsTheyFitAndTheRestCounted() {
        RecordHeaders headers = new RecordHeaders();
        for (int i = 0; i < 5_000; i++) {
            headers.add("h-" + i, filled(240, 'h'));
        }
        try (OrdersTestDriver orders = OrdersTestDriver.start()) {
            orders.sendRaw("o-1".getBytes(UTF_8), new byte[] {1, 2, 3}, Events.T0.toEpochMilli(), headers);

            DeadLetter letter = onlyDeadLetter(orders);
            assertThat(letter.reason()).isEqualTo(DeadLetterReason.DESERIALIZATION);
            assertThat(letter.sizeUpperBound()).isLessThanOrEqualTo(MAX_REQUEST_SIZE);
            List<String> kept = Arrays.stream(letter.record().headers().toArray())
                    .map(Header::key)
                    .filter(name -> name.startsWith("h-"))
                    .toList();
            assertThat(kept).isNotEmpty();
            for (int i = 0; i < kept.size(); i++) {
                assertThat(kept.get(i)).isEqualTo("h-" + i);
            }
            assertThat(letter.header(DeadLetters.HEADERS_DROPPED)).isEqualTo(String.valueOf(5_000 - kept.size()));
            assertThat(orders.processesTheNextGoodRecord()).isTrue();
        }
    }

    @Test
    void headersThatFitAreAllKeptAndNothingIsFlagged() {
        RecordHeaders headers = new RecordHeaders();
        for (int i = 0; i < 2_000; i++) {
            headers.add("h-" + i, ("v-" + i).getBytes(UTF_8));
        }
        try (OrdersTestDriver orders = OrdersTestDriver.start()) {
            orders.sendRaw("o-1".getBytes(UTF_8), new byte[] {1, 2, 3}, Events.T0.toEpochMilli(), headers);

            DeadLetter letter = onlyDeadLetter(orders);
            assertThat(letter.header("h-1999")).isEqualTo("v-1999");
            assertThat(letter.header(DeadLetters.HEADERS_DROPPED)).isNull();
            assertThat(letter.header(DeadLetters.KEY_TRUNCATED)).isNull();
            assertThat(orders.processesTheNextGoodRecord()).isTrue();
        }
    }

    @Test
    void boundFollowsTheProducersMaxRequestSize() {
        int maxRequestSize = 200_000;
        try (OrdersTestDriver orders = OrdersTestDriver.start(Map.of(
                "producer.max.request.size",
                String.valueOf(maxRequestSize),
                OrdersConfig.DLQ_MAX_BYTES,
                "100000",
                OrdersConfig.INPUT_MAX_BYTES,
                "1024"))) {
            orders.sendRaw(filled(120_000, 'k'), filled(150_000, 'v'));

            DeadLetter letter = onlyDeadLetter(orders);
            assertThat(letter.sizeUpperBound()).isLessThanOrEqualTo(maxRequestSize);
            assertThat(letter.value()).hasSize(100_000);
            assertThat(letter.key()).hasSize(maxRequestSize - DeadLetters.HEADROOM - 100_000);
            assertThat(orders.processesTheNextGoodRecord()).isTrue();
        }
    }

    private static int size(byte[] key, byte[] value, Header[] headers) {
        return AbstractRecords.estimateSizeInBytesUpperBound(
                RecordBatch.CURRENT_MAGIC_VALUE, CompressionType.NONE, key, value, headers);
    }

    private static byte[] filled(int length, char c) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, (byte) c);
        return bytes;
    }

    private static DeadLetter onlyDeadLetter(OrdersTestDriver orders) {
        List<DeadLetter> letters = orders.readDeadLetters();
        assertThat(letters).hasSize(1);
        return letters.get(0);
    }
}
