package io.orderseos.ops.load;

import io.orderseos.schemas.OrderEvent;
import io.orderseos.serde.AvroSerde;
import io.orderseos.serde.WriterSchemaEncoding;
import org.apache.avro.Schema;

/**
 * Events to bytes the way producers write them: with the current schema, exactly as the app's own
 * serde does, or with the frozen v1 schema of producers that predate line items and cancellation.
 */
final class EventCodec {
    private final AvroSerde<OrderEvent> serde = AvroSerde.orderEvents(Integer.MAX_VALUE);
    private final Schema versionOne = serde.versions().history().get(0);

    byte[] current(OrderEvent event) {
        return serde.serialize(null, event); // the serde writes the same bytes for any topic
    }

    byte[] versionOne(OrderEvent event) {
        return WriterSchemaEncoding.encode(event, versionOne);
    }

    /** Whether the app knows a writer schema with this fingerprint. */
    boolean knows(long fingerprint) {
        return serde.versions().byFingerprint(fingerprint) != null;
    }
}
