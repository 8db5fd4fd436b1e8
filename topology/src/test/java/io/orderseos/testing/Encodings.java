package io.orderseos.testing;

import io.orderseos.schemas.OrderEvent;
import io.orderseos.serde.WriterSchemaEncoding;
import org.apache.avro.Schema;

/**
 * Writes events the way other producers might: with any writer schema, such as a frozen older
 * version from {@code schemas/}. Fields the writer schema lacks are left out, as an old producer
 * would. The encoding itself is {@link WriterSchemaEncoding}'s, shared with the load generator.
 */
public final class Encodings {
    private Encodings() {}

    /** {@code event} in single-object encoding, written with {@code writer}. */
    public static byte[] encode(OrderEvent event, Schema writer) {
        return WriterSchemaEncoding.encode(event, writer);
    }
}
