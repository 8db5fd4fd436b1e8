package io.orderseos.time;

import io.orderseos.schemas.OrderEvent;
import io.orderseos.validate.InputValue;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.Configurable;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * The record's own timestamp, which is what stream time, and so the dedup window, is measured in.
 * Kafka's default extractor fails the app on a negative timestamp (an old producer, a bug, or
 * {@code -1} for "none"); here such a record is still processed, with the event's {@code
 * occurredAt} if it has a usable one, else the partition's time so far, else 0. The record is never
 * dropped: dropping is what a negative result would make Kafka Streams do.
 *
 * <p>Whatever the source, a timestamp further ahead of the wall clock than {@code
 * orders.timestamp.max.future} counts as the wall clock plus that allowance ({@link
 * FutureTimestamps}): one record stamped far in the future must not move stream time there and
 * expire every dedup entry at once.
 */
public final class OrderTimestampExtractor implements TimestampExtractor, Configurable {
    private FutureTimestamps future = FutureTimestamps.from(Map.of());

    @Override
    public void configure(Map<String, ?> configs) {
        future = FutureTimestamps.from(configs);
    }

    @Override
    public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
        return future.clamp(unclamped(record, partitionTime));
    }

    private static long unclamped(ConsumerRecord<Object, Object> record, long partitionTime) {
        long timestamp = record.timestamp();
        if (timestamp >= 0) {
            return timestamp;
        }
        OrderEvent event = record.value() instanceof InputValue.Event decoded ? decoded.event() : null;
        if (event != null && event.getOccurredAt() != null) {
            long occurredAt = event.getOccurredAt().toEpochMilli();
            if (occurredAt >= 0) {
                return occurredAt;
            }
        }
        return Math.max(partitionTime, 0);
    }
}
