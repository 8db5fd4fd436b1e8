package io.orderseos.testing;

import io.orderseos.schemas.LineItem;
import io.orderseos.schemas.OrderEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Conversions;
import org.apache.avro.Schema;
import org.apache.avro.data.TimeConversions;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;

/**
 * Writes events the way other producers might: with any writer schema, such as a frozen older
 * version from {@code schemas/}. Fields the writer schema lacks are left out, as an old producer
 * would.
 */
public final class Encodings {
    private static final GenericData MODEL = model();

    private Encodings() {}

    /** {@code event} in single-object encoding, written with {@code writer}. */
    public static byte[] encode(OrderEvent event, Schema writer) {
        GenericRecord record = new GenericData.Record(writer);
        for (Schema.Field field : writer.getFields()) {
            Object value = event.get(field.name());
            record.put(field.name(), convert(value, field.schema()));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            new BinaryMessageEncoder<GenericRecord>(MODEL, writer).encode(record, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static Object convert(Object value, Schema schema) {
        if (value instanceof Enum<?> symbol) {
            Schema enumSchema =
                    schema.getType() == Schema.Type.UNION ? schema.getTypes().get(1) : schema;
            return new GenericData.EnumSymbol(enumSchema, symbol.name());
        }
        if (value instanceof List<?> items && schema.getType() == Schema.Type.ARRAY) {
            List<Object> copy = new ArrayList<>();
            for (Object item : items) {
                LineItem line = (LineItem) item;
                GenericRecord generic = new GenericData.Record(schema.getElementType());
                generic.put("sku", line.getSku());
                generic.put("quantity", line.getQuantity());
                generic.put("unitPrice", line.getUnitPrice());
                copy.add(generic);
            }
            return copy;
        }
        return value;
    }

    private static GenericData model() {
        GenericData model = new GenericData();
        model.addLogicalTypeConversion(new Conversions.DecimalConversion());
        model.addLogicalTypeConversion(new TimeConversions.TimestampMillisConversion());
        return model;
    }
}
