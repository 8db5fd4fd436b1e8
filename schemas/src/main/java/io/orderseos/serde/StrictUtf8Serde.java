package io.orderseos.serde;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * UTF-8 strings, decoded strictly: bytes that are not valid UTF-8 fail with a {@link
 * SerializationException} instead of turning into replacement characters, as Kafka's own {@code
 * StringDeserializer} does. For input keys this matters: two different invalid keys ({@code 6f ff}
 * and {@code 6f fe}) would both decode to {@code "o\uFFFD"}, pass as the same orderId, and yet be
 * hashed to different partitions, so two copies of one event could reach two tasks and both be
 * applied. A null stays null.
 *
 * <p>Thread-safe: a decoder is made per call.
 */
public final class StrictUtf8Serde implements Serde<String>, Serializer<String>, Deserializer<String> {
    private static final int SHOWN_BYTES = 16;

    private final String what;

    private StrictUtf8Serde(String what) {
        this.what = what;
    }

    /** A serde whose errors name the decoded thing as {@code what}, such as "record key". */
    public static StrictUtf8Serde of(String what) {
        return new StrictUtf8Serde(what);
    }

    @Override
    public byte[] serialize(String topic, String data) {
        return data == null ? null : data.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            return decoder.decode(ByteBuffer.wrap(data)).toString();
        } catch (CharacterCodingException e) {
            throw new SerializationException(what + " is not valid UTF-8: " + data.length + " bytes starting "
                    + HexFormat.of().formatHex(data, 0, Math.min(data.length, SHOWN_BYTES)));
        }
    }

    @Override
    public Serializer<String> serializer() {
        return this;
    }

    @Override
    public Deserializer<String> deserializer() {
        return this;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        // Nothing to configure.
    }

    @Override
    public void close() {
        // Holds no resources.
    }
}
