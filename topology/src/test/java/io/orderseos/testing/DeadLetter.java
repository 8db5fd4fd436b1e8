package io.orderseos.testing;

import io.orderseos.deadletter.DeadLetterReason;
import io.orderseos.deadletter.DeadLetters;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.record.internal.AbstractRecords;
import org.apache.kafka.common.record.internal.CompressionType;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.streams.test.TestRecord;

/** A record read from the dead-letter topic, with its headers decoded. */
public record DeadLetter(TestRecord<byte[], byte[]> record) {

    public DeadLetterReason reason() {
        return DeadLetterReason.valueOf(header(DeadLetters.REASON));
    }

    public String detail() {
        return header(DeadLetters.DETAIL);
    }

    public byte[] key() {
        return record.key();
    }

    public byte[] value() {
        return record.value();
    }

    /** The last header named {@code name} as UTF-8, or null. */
    public String header(String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** The record timestamp the dead letter was written with. */
    public Instant timestamp() {
        return record.getRecordTime();
    }

    /**
     * The size the producer holds against {@code max.request.size} before it sends this record:
     * Kafka's own upper bound ({@code AbstractRecords}, as {@code KafkaProducer} computes it).
     */
    public int sizeUpperBound() {
        return AbstractRecords.estimateSizeInBytesUpperBound(
                RecordBatch.CURRENT_MAGIC_VALUE,
                CompressionType.NONE,
                record.key(),
                record.value(),
                record.headers().toArray());
    }

    /** How many headers are named {@code name}. */
    public int headerCount(String name) {
        int count = 0;
        for (Header ignored : record.headers().headers(name)) {
            count++;
        }
        return count;
    }

    @Override
    public String toString() {
        return "DeadLetter[" + header(DeadLetters.REASON) + ": " + detail() + "]";
    }
}
