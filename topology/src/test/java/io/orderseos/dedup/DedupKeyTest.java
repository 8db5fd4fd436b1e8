package io.orderseos.dedup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DedupKeyTest {
    private final Serde<DedupKey> serde = DedupKey.serde();

    /** The format, written out: the orderId's UTF-8 length in 2 bytes big-endian, the orderId, the eventId. */
    private static byte[] expected(String orderId, String eventId) {
        byte[] order = orderId.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write(order.length >>> 8);
        bytes.write(order.length & 0xFF);
        bytes.writeBytes(order);
        bytes.writeBytes(eventId.getBytes(StandardCharsets.UTF_8));
        return bytes.toByteArray();
    }

    @ParameterizedTest
    @CsvSource({
        "o-1, o-1-placed", // ASCII, as most producers' IDs
        "o-1, o-1-\u00fc", // ASCII orderId, a two-byte character in the eventId
        "order-\u00df\u20ac\ud834\udd1e, e-1", // two-, three- and four-byte characters in the orderId
        "\u007f, \u007f", // the last one-byte character
        "\u0080, e", // the first two-byte one
        "'', ''"
    })
    void writesTheOrderIdsLengthAndBothIdsInUtf8AndReadsThemBack(String orderId, String eventId) {
        byte[] bytes = serde.serializer().serialize("t", new DedupKey(orderId, eventId));

        assertThat(bytes).isEqualTo(expected(orderId, eventId));
        assertThat(serde.deserializer().deserialize("t", bytes)).isEqualTo(new DedupKey(orderId, eventId));
    }

    @Test
    void refusesAnOrderIdLongerThanTwoBytesCanCount() {
        String ascii = "o".repeat(0x10000);
        String wide = "\u00e9".repeat(0x8000); // 65,536 bytes in UTF-8
        assertThat(serde.serializer().serialize("t", new DedupKey("o".repeat(0xFFFF), "e")))
                .hasSize(2 + 0xFFFF + 1);

        assertThatThrownBy(() -> serde.serializer().serialize("t", new DedupKey(ascii, "e")))
                .isInstanceOf(SerializationException.class)
                .hasMessage("orderId of 65536 bytes is too long for a dedup key");
        assertThatThrownBy(() -> serde.serializer().serialize("t", new DedupKey(wide, "e")))
                .isInstanceOf(SerializationException.class)
                .hasMessage("orderId of 65536 bytes is too long for a dedup key");
    }

    @ParameterizedTest
    @CsvSource({"o-1, o-1-placed", "order-\u00df\u20ac\ud834\udd1e, e-1", "'', ''"})
    void hashesTheExactKeyWithSha256AndKeeps12BytesAfterAMarker(String orderId, String eventId) throws Exception {
        byte[] sha256 = MessageDigest.getInstance("SHA-256").digest(expected(orderId, eventId));
        DedupKey key = new DedupKey(orderId, eventId);
        DedupKey.Hasher reused = new DedupKey.Hasher();

        byte[] hashed = reused.hash(key);

        assertThat(hashed).hasSize(13).startsWith((byte) 0xFF);
        assertThat(Arrays.copyOfRange(hashed, 1, 13)).isEqualTo(Arrays.copyOf(sha256, 12));
        assertThat(reused.hash(new DedupKey(orderId + "x", eventId))).isNotEqualTo(hashed);
        assertThat(reused.hash(key))
                .as("nothing of one key is left for the next")
                .isEqualTo(hashed);
        assertThat(key.hashed()).isEqualTo(hashed);
    }
}
