package io.orderseos.serde;

import io.apicurio.registry.resolver.SchemaLookupResult;
import io.apicurio.registry.resolver.strategy.ArtifactReference;
import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import io.apicurio.registry.serde.config.IdOption;
import io.apicurio.registry.serde.config.SerdeConfig;
import io.apicurio.registry.serde.data.SerdeMetadata;
import io.apicurio.registry.serde.data.SerdeRecord;
import io.apicurio.registry.serde.kafka.config.KafkaSerdeConfig;
import io.orderseos.schemas.CustomerStats;
import io.orderseos.schemas.OrderEvent;
import io.orderseos.schemas.OrderStatus;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaParseException;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Registry mode: values in the Confluent wire format — a {@code 00} magic byte, the writer
 * schema's 4-byte big-endian id in the registry, the Avro binary body — through Apicurio Registry's
 * Avro serde ({@code apicurio-registry-avro-serde-kafka}), against an Apicurio Registry 2.x or 3.x
 * (the API version follows the URL: {@code .../apis/registry/v2} or {@code .../apis/registry/v3}).
 * The ids are the registry's content ids, which its Confluent-compatible API serves as schema ids,
 * so Confluent-format consumers read the same records.
 *
 * <p><b>Writing</b> goes through Apicurio's serializer: the schema is registered under the artifact
 * {@code <topic>-value} (Apicurio's default strategy, the same name as a Confluent subject), whole
 * ({@code apicurio.registry.dereference-schema=true}: nested records are not registered apart).
 * By default the serializer registers a schema it does not find ({@code
 * apicurio.registry.auto-register=true}); with {@code false} it must have been provisioned. The id is
 * looked up once per topic and kept; a failed refresh keeps the known id ({@code
 * apicurio.registry.fault-tolerant-refresh=true}).
 *
 * <p><b>Reading</b> is as strict as {@link AvroSerde}'s: the header is checked here, the writer
 * schema is fetched by id through Apicurio's schema resolver (once per id, then kept), and the body
 * is decoded with Avro's own decoder — so {@link AvroHardening}'s allocation limits apply — resolved
 * to the current schema, with trailing bytes refused. Bad data fails with a {@link
 * SerializationException}: an empty value, another magic byte (single-object encoding included), a
 * short header, a schema id the registry does not have (it answers 404), a schema that is not a
 * readable version of the type, a body that does not decode. A registry that cannot be asked —
 * unreachable, a server error, no answer within the configured timeout — fails with {@link
 * RegistryUnavailableException}, which is a fault, never bad data.
 *
 * <p>Thread-safe: one instance serves all stream threads.
 */
public final class RegistryAvroSerde<T extends SpecificRecord> extends SelfContainedSerde<T> {
    static {
        AvroHardening.apply();
    }

    /** Length of the header: the magic byte and a 4-byte schema id. */
    public static final int HEADER_LENGTH = 5;

    public static final byte MAGIC_BYTE = 0;

    /** Apicurio's key for the registry's REST API URL. */
    public static final String REGISTRY_URL = SerdeConfig.REGISTRY_URL;

    /** Apicurio settings this serde fixes, because the wire format depends on them. */
    static final Map<String, String> FIXED = Map.of(
            SerdeConfig.DEREFERENCE_SCHEMA, "true",
            KafkaSerdeConfig.ENABLE_HEADERS, "false");

    /** Apicurio settings this serde defaults differently from Apicurio; an explicit value wins. */
    static final Map<String, String> DEFAULTS = Map.of(
            SerdeConfig.AUTO_REGISTER_ARTIFACT, "true",
            SerdeConfig.FAULT_TOLERANT_REFRESH, "true");

    /** How values written with one schema id are read, or why they cannot be. */
    private record Readable<T>(StrictDecoding.Reader<T> reader, String unreadable) {}

    private final Class<T> type;
    /** What a value is, for a message about its length. */
    private final String wireName;

    private final SpecificData model;
    private final Schema current;
    private final int maxBytes;
    private final String url;
    private final boolean globalIds;
    private final Duration lookupTimeout;
    private final Map<String, Object> clientConfig;
    private final AvroKafkaSerializer<T> serializer;
    private final AvroKafkaDeserializer<Object> lookups;
    private final RegistryCalls calls;
    private final Map<Integer, Readable<T>> readers = new ConcurrentHashMap<>();
    private final Set<String> resolvedTopics = ConcurrentHashMap.newKeySet();
    private volatile AvroKafkaSerializer<Object> writerSchemas;

    RegistryAvroSerde(Class<T> type, Schema current, Map<String, ?> config, int maxBytes, Duration lookupTimeout) {
        if (maxBytes < HEADER_LENGTH) {
            throw new IllegalArgumentException("maxBytes must be at least " + HEADER_LENGTH + ", was " + maxBytes);
        }
        this.type = type;
        this.wireName = "a " + type.getSimpleName() + " in the registry's wire format";
        this.model = SpecificData.getForClass(type);
        this.current = current;
        this.maxBytes = maxBytes;
        this.lookupTimeout = lookupTimeout;
        this.clientConfig = clientConfig(config);
        this.url = clientConfig.get(REGISTRY_URL).toString();
        this.globalIds = new SerdeConfig(clientConfig).useIdOption() == IdOption.globalId;
        AvroKafkaSerializer<T> writer = new AvroKafkaSerializer<>();
        configure(() -> writer.configure(clientConfig, false));
        this.serializer = writer;
        AvroKafkaDeserializer<Object> reader = new AvroKafkaDeserializer<>();
        configure(() -> reader.configure(clientConfig, false));
        this.lookups = reader;
        this.calls = new RegistryCalls(url);
    }

    /**
     * Input events; values longer than {@code maxBytes} fail with {@link OversizeValueException}.
     *
     * @param config Apicurio client settings ({@code apicurio.*}), {@link #REGISTRY_URL} required
     * @param timeout how long a value may wait for the registry before the call fails as a fault
     */
    public static RegistryAvroSerde<OrderEvent> orderEvents(Map<String, ?> config, int maxBytes, Duration timeout) {
        return new RegistryAvroSerde<>(OrderEvent.class, OrderEvent.getClassSchema(), config, maxBytes, timeout);
    }

    public static RegistryAvroSerde<OrderStatus> orderStatus(Map<String, ?> config, Duration timeout) {
        return new RegistryAvroSerde<>(
                OrderStatus.class, OrderStatus.getClassSchema(), config, Integer.MAX_VALUE, timeout);
    }

    public static RegistryAvroSerde<CustomerStats> customerStats(Map<String, ?> config, Duration timeout) {
        return new RegistryAvroSerde<>(
                CustomerStats.class, CustomerStats.getClassSchema(), config, Integer.MAX_VALUE, timeout);
    }

    /** The settings the Apicurio serde runs with: {@code config}, over this serde's defaults, under its fixed values. */
    static Map<String, Object> clientConfig(Map<String, ?> config) {
        Map<String, Object> merged = new HashMap<>(DEFAULTS);
        merged.putAll(config);
        merged.putAll(FIXED);
        Object url = merged.get(REGISTRY_URL);
        if (url == null || url.toString().isBlank()) {
            throw new IllegalArgumentException(REGISTRY_URL + " is required");
        }
        return merged;
    }

    /**
     * Runs one of Apicurio's {@code configure} calls.
     *
     * @throws IllegalArgumentException if Apicurio refuses the settings (a user name without a
     *     password, an unreadable trust store, ...)
     */
    private static void configure(Runnable configure) {
        try {
            configure.run();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    "the schema registry client's settings (apicurio.*) are not usable: " + RegistryCalls.describe(e),
                    e);
        }
    }

    /** The registry's URL, as configured. */
    public String registryUrl() {
        return url;
    }

    /**
     * Looks up (or registers, with auto-registration on) the current schema as the value schema of
     * {@code topic}, so that writing to it needs the registry no more; returns its id.
     *
     * @throws SerializationException if the registry refuses the schema or, without
     *     auto-registration, does not have it
     * @throws RegistryUnavailableException if the registry gave no answer within {@code budget}
     */
    public int resolve(String topic, Duration budget) {
        @SuppressWarnings("unchecked")
        T empty = (T) model.newRecord(null, current);
        int id = register(serializer, topic, empty, budget);
        resolvedTopics.add(topic);
        return id;
    }

    @Override
    public byte[] serialize(String topic, T data) {
        if (data == null) {
            return null;
        }
        if (!resolvedTopics.contains(topic)) {
            resolve(topic, lookupTimeout);
        }
        try {
            return serializer.serialize(topic, data);
        } catch (RuntimeException e) {
            throw new SerializationException("cannot write " + type.getSimpleName() + " to " + topic + ": " + e, e);
        }
    }

    /**
     * {@code record} in the registry's wire format written with {@code writer} — the way a producer
     * still on an older schema version writes it. The writer schema is registered (or must be, without
     * auto-registration) as a version of {@code topic}'s value schema.
     */
    public byte[] serializeWith(String topic, IndexedRecord record, Schema writer) {
        byte[] body = WriterSchemaEncoding.encodeBody(record, writer);
        int id = register(writerSchemas(), topic, new GenericData.Record(writer), lookupTimeout);
        return ByteBuffer.allocate(HEADER_LENGTH + body.length)
                .put(MAGIC_BYTE)
                .putInt(id)
                .put(body)
                .array();
    }

    private <U> int register(AvroKafkaSerializer<U> with, String topic, U sample, Duration budget) {
        String name =
                sample instanceof IndexedRecord indexed ? indexed.getSchema().getName() : type.getSimpleName();
        String what = "the schema of " + name + " for topic " + topic;
        SchemaLookupResult<Schema> result = calls.call(
                "register " + topic + " " + System.identityHashCode(with) + " "
                        + sample.getClass().getName(),
                () -> with.getSchemaResolver()
                        .resolveSchema(new SerdeRecord<>(new SerdeMetadata(topic, false), sample)),
                budget,
                failure -> refused(failure, what),
                what);
        ArtifactReference reference = result.toArtifactReference();
        Long id = globalIds ? reference.getGlobalId() : reference.getContentId();
        return Math.toIntExact(id);
    }

    private AvroKafkaSerializer<Object> writerSchemas() {
        AvroKafkaSerializer<Object> existing = writerSchemas;
        if (existing == null) {
            synchronized (this) {
                existing = writerSchemas;
                if (existing == null) {
                    AvroKafkaSerializer<Object> generic = new AvroKafkaSerializer<>();
                    configure(() -> generic.configure(clientConfig, false));
                    existing = generic;
                    writerSchemas = existing;
                }
            }
        }
        return existing;
    }

    /** A registration the registry answered with a refusal (a rule violated, a schema not provisioned). */
    private SerializationException refused(Throwable failure, String what) {
        int status = RegistryCalls.status(failure);
        boolean refusal = status >= 400 && status < 500 && status != 408 && status != 429;
        boolean notProvisioned = RegistryCalls.mentions(failure, "Could not resolve artifact reference by content");
        if (!refusal && !notProvisioned) {
            return null;
        }
        return new SerializationException("the schema registry at " + url + " refused " + what + ": "
                + (notProvisioned
                        ? "it is not registered (and auto-registration is off)"
                        : RegistryCalls.describe(failure)));
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        checkLength(data, maxBytes, wireName);
        if (data.length < HEADER_LENGTH || data[0] != MAGIC_BYTE) {
            throw new SerializationException("not the registry's wire format: expected magic byte 00 and a 4-byte "
                    + "schema id, got " + data.length + " bytes starting "
                    + HexFormat.of().formatHex(data, 0, Math.min(data.length, 2)));
        }
        int id = ByteBuffer.wrap(data, 1, 4).getInt();
        if (id <= 0) {
            throw new SerializationException("schema id " + id + " is not an id the registry gives out");
        }
        Readable<T> readable = readers.get(id);
        if (readable == null) {
            // Not computeIfAbsent: the lookup may wait for the registry, and must not hold the map's lock.
            Readable<T> fetched = readable(id);
            Readable<T> raced = readers.putIfAbsent(id, fetched);
            readable = raced == null ? fetched : raced;
        }
        if (readable.unreadable() != null) {
            throw new SerializationException(readable.unreadable());
        }
        return StrictDecoding.read(readable.reader(), data, HEADER_LENGTH, type.getSimpleName());
    }

    /** How values written with schema {@code id} are read; a schema that is not a version of this type is unreadable. */
    private Readable<T> readable(int id) {
        Schema writer = writerSchema(id);
        SchemaCompatibility.SchemaPairCompatibility compatibility =
                SchemaCompatibility.checkReaderWriterCompatibility(current, writer);
        if (compatibility.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
            return new Readable<>(
                    null,
                    String.format(
                            "schema id %d (%s) is not a readable version of %s: %s",
                            id,
                            writer.getFullName(),
                            type.getSimpleName(),
                            compatibility.getResult().getIncompatibilities()));
        }
        return new Readable<>(
                StrictDecoding.Reader.of(new SpecificDatumReader<>(writer, current, model), () -> "schema id " + id),
                null);
    }

    private Schema writerSchema(int id) {
        ArtifactReference reference = globalIds
                ? ArtifactReference.builder().globalId((long) id).build()
                : ArtifactReference.builder().contentId((long) id).build();
        String what = "schema id " + id;
        return calls.call(
                id,
                () -> lookups.getSchemaResolver()
                        .resolveSchemaByArtifactReference(reference)
                        .getParsedSchema()
                        .getParsedSchema(),
                lookupTimeout,
                failure -> {
                    if (RegistryCalls.status(failure) == 404) {
                        return new SerializationException(
                                "unknown schema id " + id + ": the schema registry at " + url + " has no such schema");
                    }
                    if (RegistryCalls.find(failure, SchemaParseException.class) != null) {
                        return new SerializationException(
                                "schema id " + id + " is not an Avro schema: " + RegistryCalls.describe(failure));
                    }
                    return null;
                },
                what);
    }

    @Override
    public void close() {
        calls.close();
        serializer.close();
        lookups.close();
        AvroKafkaSerializer<Object> generic = writerSchemas;
        if (generic != null) {
            generic.close();
        }
    }
}
