package io.orderseos.ops.replay;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.orderseos.deadletter.DeadLetterReason;
import io.orderseos.deadletter.DeadLetters;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.stream.StreamSupport;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class LetterTest {
    private static final long T = Instant.parse("2026-05-01T12:00:00Z").toEpochMilli();
    private static final byte[] KEY = "o-7".getBytes(UTF_8);
    private static final byte[] VALUE = {(byte) 0xC3, 0x01, 9, 8, 7};

    @Test
    void aReplayIsTheOriginalRecordWithItsOrigin() {
        Letter letter = Letter.of(record(4, 17, Letters.headers(DeadLetterReason.OVERSIZE, "orders", 2, 345)));

        ProducerRecord<byte[], byte[]> replay = letter.replay("orders");

        assertThat(replay.topic()).isEqualTo("orders");
        assertThat(replay.partition()).isEqualTo(2);
        assertThat(replay.timestamp()).isEqualTo(T);
        assertThat(replay.key()).isEqualTo(KEY);
        assertThat(replay.value()).isEqualTo(VALUE);
        assertThat(keys(replay.headers())).containsExactly("trace-id", Letter.ORIGIN);
        assertThat(new String(replay.headers().lastHeader(Letter.ORIGIN).value(), UTF_8))
                .isEqualTo("dlq=orders-dlq/4/17 source=orders/2/345 reason=OVERSIZE");
        assertThat(letter.id()).isEqualTo("orders-dlq/4/17");
        assertThat(letter.failedAgain()).isFalse();
    }

    @Test
    void theInputsTimestampComesFromItsHeaderOnALetterStampedOnAppend() {
        long input = Instant.parse("2020-02-02T02:02:02Z").toEpochMilli();
        Headers headers = Letters.headers(DeadLetterReason.VALIDATION, "orders", 2, 347);
        headers.add(DeadLetters.INPUT_TIMESTAMP, Long.toString(input).getBytes(UTF_8));
        Letter letter = Letter.of(record(4, 19, headers)); // the record's own timestamp is T, its append time

        assertThat(letter.timestamp()).isEqualTo(Instant.ofEpochMilli(input));
        assertThat(letter.replay("orders").timestamp()).isEqualTo(input);
        assertThat(keys(letter.replay("orders").headers())).doesNotContain(DeadLetters.INPUT_TIMESTAMP);
    }

    @Test
    void aMisroutedRecordIsReplayedToThePartitionItsKeyBelongsTo() {
        Letter letter = Letter.of(record(4, 18, Letters.headers(DeadLetterReason.MISROUTED, "orders", 2, 346)));

        ProducerRecord<byte[], byte[]> replay = letter.replay("orders");

        assertThat(replay.partition())
                .as("left to the producer's default partitioner")
                .isNull();
        assertThat(replay.key()).isEqualTo(KEY);
    }

    @Test
    void anEarlierReplaysOriginStaysBeforeTheNewOne() {
        Headers headers = Letters.headers(DeadLetterReason.VALIDATION, "orders", 0, 9);
        headers.add(Letter.ORIGIN, "dlq=orders-dlq/0/1 source=orders/0/2 reason=VALIDATION".getBytes(UTF_8));

        ProducerRecord<byte[], byte[]> replay =
                Letter.of(record(0, 30, headers)).replay("orders");

        assertThat(Letter.of(record(0, 30, headers)).failedAgain()).isTrue();
        assertThat(keys(replay.headers())).containsExactly("trace-id", Letter.ORIGIN, Letter.ORIGIN);
        assertThat(new String(replay.headers().lastHeader(Letter.ORIGIN).value(), UTF_8))
                .startsWith("dlq=orders-dlq/0/30 ");
    }

    @Test
    void truncationAndProvenanceAreRead() {
        Letter truncated =
                Letter.of(record(0, 1, Letters.truncated(DeadLetterReason.OVERSIZE, "orders", 1, 2, 99_999)));
        Headers garbled = Letters.headers(DeadLetterReason.VALIDATION, "orders", 1, 2);
        garbled.remove(DeadLetters.OFFSET);
        garbled.add(DeadLetters.OFFSET, "x".getBytes(UTF_8));

        assertThat(truncated.truncated()).isTrue();
        assertThat(truncated.originalLength()).isEqualTo("99999");
        assertThat(truncated.hasSource()).isTrue();
        assertThat(Letter.of(record(0, 1, garbled)).hasSource()).isFalse();
        assertThat(Letter.of(record(0, 1, garbled)).origin()).contains("source=unknown");
    }

    @Test
    void aSelectionMatchesByReasonSourceAndTime() {
        Letter letter = Letter.of(record(0, 5, Letters.headers(DeadLetterReason.ILLEGAL_TRANSITION, "orders", 3, 120)));
        Set<DeadLetterReason> illegal = Set.of(DeadLetterReason.ILLEGAL_TRANSITION);
        Instant t = Instant.ofEpochMilli(T);

        assertThat(new Selection(illegal, null, null, null, null, null).matches(letter))
                .isTrue();
        assertThat(new Selection(Set.of(DeadLetterReason.VALIDATION), null, null, null, null, null).matches(letter))
                .isFalse();
        assertThat(new Selection(illegal, 3, 120L, 120L, null, null).matches(letter))
                .isTrue();
        assertThat(new Selection(illegal, 2, null, null, null, null).matches(letter))
                .isFalse();
        assertThat(new Selection(illegal, null, 121L, null, null, null).matches(letter))
                .isFalse();
        assertThat(new Selection(illegal, null, null, 119L, null, null).matches(letter))
                .isFalse();
        assertThat(new Selection(illegal, null, null, null, t, t.plusMillis(1)).matches(letter))
                .isTrue();
        assertThat(new Selection(illegal, null, null, null, t.plusMillis(1), null).matches(letter))
                .isFalse();
        assertThat(new Selection(illegal, null, null, null, null, t).matches(letter))
                .isFalse();
    }

    @Test
    void aLetterWithoutProvenanceMatchesOnlyWithoutASourceBound() {
        Headers headers = Letters.headers(DeadLetterReason.VALIDATION, "orders", 0, 1);
        headers.remove(DeadLetters.TOPIC);
        Letter letter = Letter.of(record(0, 1, headers));
        Set<DeadLetterReason> validation = Set.of(DeadLetterReason.VALIDATION);

        assertThat(new Selection(validation, null, null, null, null, null).matches(letter))
                .isTrue();
        assertThat(new Selection(validation, 0, null, null, null, null).matches(letter))
                .isFalse();
        assertThat(new Selection(validation, null, 0L, null, null, null).matches(letter))
                .isFalse();
    }

    private static ConsumerRecord<byte[], byte[]> record(int partition, long offset, Headers headers) {
        return new ConsumerRecord<>(
                "orders-dlq",
                partition,
                offset,
                T,
                TimestampType.CREATE_TIME,
                KEY.length,
                VALUE.length,
                KEY,
                VALUE,
                headers,
                Optional.empty());
    }

    private static java.util.List<String> keys(Headers headers) {
        return StreamSupport.stream(headers.spliterator(), false)
                .map(Header::key)
                .toList();
    }
}
