package io.orderseos.serde;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Conversions;
import org.apache.avro.Schema;
import org.apache.avro.data.TimeConversions;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericEnumSymbol;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.message.BinaryMessageEncoder;

/**
 * Writes a record with any writer schema that has its fields by name, such as a frozen older
 * version kept in {@link SchemaVersions}: what the app writes during the first roll of an upgrade
 * ({@link AvroSerde#writing}), and what the tests and the load generator send as an old producer
 * would. Fields the writer schema lacks are left out; a field only the writer schema has is written
 * with its default; fields are matched by name, so the writer may order them differently; a union
 * branch of a named type is chosen by its full name.
 *
 * <p>A value the writer schema has no place for fails with an {@link IllegalArgumentException}
 * that says which: an enum symbol the older version does not have (its default, if it declares one,
 * is written instead), a union without a branch for the value.
 */
public final class WriterSchemaEncoding {
    private static final GenericData MODEL = model();

    private WriterSchemaEncoding() {}

    /**
     * {@code record} in single-object encoding, written with {@code writer}.
     *
     * @throws IllegalArgumentException if {@code writer} needs a field {@code record} does not have and gives no default
     */
    public static byte[] encode(IndexedRecord record, Schema writer) {
        return encoder(writer).encode(record);
    }

    /** A reusable, thread-safe writer of single-object records with {@code writer}. */
    public static Encoder encoder(Schema writer) {
        return new Encoder(writer);
    }

    /** Single-object encoding with one writer schema, its header computed once. */
    public static final class Encoder {
        private final Schema writer;
        private final BinaryMessageEncoder<GenericRecord> encoder;

        private Encoder(Schema writer) {
            this.writer = writer;
            this.encoder = new BinaryMessageEncoder<>(MODEL, writer);
        }

        /**
         * {@code record} in single-object encoding with this writer schema.
         *
         * @throws IllegalArgumentException if the writer schema has no place for one of its values
         */
        public byte[] encode(IndexedRecord record) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(256);
            try {
                encoder.encode(record(record, writer), out);
            } catch (IOException e) {
                throw new UncheckedIOException("in-memory stream failed", e);
            }
            return out.toByteArray();
        }
    }

    /**
     * {@code record}'s Avro binary body alone, written with {@code writer}: what follows the header
     * in any framing that names the writer schema by reference, such as a registry's schema id.
     *
     * @throws IllegalArgumentException if {@code writer} needs a field {@code record} does not have and gives no default
     */
    public static byte[] encodeBody(IndexedRecord record, Schema writer) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        try {
            new GenericDatumWriter<GenericRecord>(writer, MODEL).write(record(record, writer), encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("in-memory stream failed", e);
        }
        return out.toByteArray();
    }

    private static GenericRecord record(IndexedRecord source, Schema writer) {
        GenericRecord target = new GenericData.Record(writer);
        for (Schema.Field field : writer.getFields()) {
            Schema.Field own = source.getSchema().getField(field.name());
            if (own != null) {
                target.put(field.name(), convert(source.get(own.pos()), field.schema()));
            } else if (field.hasDefaultValue()) {
                target.put(field.name(), MODEL.getDefaultValue(field));
            } else {
                throw new IllegalArgumentException(source.getSchema().getFullName() + " has no field '" + field.name()
                        + "' that the writer schema needs, and the writer schema gives it no default");
            }
        }
        return target;
    }

    /** The value as the generic model writes it with {@code schema}: records, enums and containers rebuilt. */
    private static Object convert(Object value, Schema schema) {
        if (value == null) {
            return null;
        }
        return switch (schema.getType()) {
            case UNION -> convertInUnion(value, schema);
            case RECORD -> record((IndexedRecord) value, schema);
            case ENUM -> enumSymbol(value.toString(), schema);
            case ARRAY -> {
                List<Object> items = new ArrayList<>();
                for (Object item : (Collection<?>) value) {
                    items.add(convert(item, schema.getElementType()));
                }
                yield items;
            }
            case MAP -> {
                Map<Object, Object> entries = new LinkedHashMap<>();
                ((Map<?, ?>) value).forEach((key, item) -> entries.put(key, convert(item, schema.getValueType())));
                yield entries;
            }
            default -> value; // primitives and logical types: the model's conversions write them
        };
    }

    /** The symbol in {@code schema}'s enum, else its default; an older enum may lack newer symbols. */
    private static GenericData.EnumSymbol enumSymbol(String symbol, Schema schema) {
        if (schema.hasEnumSymbol(symbol)) {
            return new GenericData.EnumSymbol(schema, symbol);
        }
        if (schema.getEnumDefault() != null) {
            return new GenericData.EnumSymbol(schema, schema.getEnumDefault());
        }
        throw new IllegalArgumentException("the writer's enum " + schema.getFullName() + " " + schema.getEnumSymbols()
                + " has no symbol " + symbol + " and no default");
    }

    /**
     * Records and enums need the union's branch of the same name, containers the one of their kind;
     * the rest the model resolves.
     */
    private static Object convertInUnion(Object value, Schema union) {
        Schema.Type kind = kind(value);
        if (kind == null) {
            return value;
        }
        String name = name(value);
        for (Schema branch : union.getTypes()) {
            if (branch.getType() == kind
                    && (name == null || branch.getFullName().equals(name))) {
                return convert(value, branch);
            }
        }
        throw new IllegalArgumentException(
                "the writer's union " + union + " has no " + (name == null ? kind : name) + " branch");
    }

    /** The full name of a record's or enum's type, null for other values. */
    private static String name(Object value) {
        if (value instanceof IndexedRecord record) {
            return record.getSchema().getFullName();
        }
        if (value instanceof GenericEnumSymbol<?> symbol) {
            return symbol.getSchema().getFullName();
        }
        if (value instanceof Enum<?> symbol) {
            return symbol.getDeclaringClass().getName().replace('$', '.');
        }
        return null;
    }

    private static Schema.Type kind(Object value) {
        if (value instanceof IndexedRecord) {
            return Schema.Type.RECORD;
        }
        if (value instanceof Enum<?> || value instanceof GenericEnumSymbol<?>) {
            return Schema.Type.ENUM;
        }
        if (value instanceof Collection<?>) {
            return Schema.Type.ARRAY;
        }
        if (value instanceof Map<?, ?>) {
            return Schema.Type.MAP;
        }
        return null;
    }

    private static GenericData model() {
        GenericData model = new GenericData();
        model.addLogicalTypeConversion(new Conversions.DecimalConversion());
        model.addLogicalTypeConversion(new TimeConversions.TimestampMillisConversion());
        return model;
    }
}
