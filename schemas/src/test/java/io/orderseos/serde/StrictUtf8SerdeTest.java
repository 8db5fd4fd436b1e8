package io.orderseos.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class StrictUtf8SerdeTest {
    private final StrictUtf8Serde keys = StrictUtf8Serde.of("record key");

    @Test
    void validUtf8RoundTrips() {
        for (String key : new String[] {"", "o-1", "заказ-1", "注文-1", "o-\uD83D\uDE00"}) {
            assertThat(keys.deserialize("t", keys.serialize("t", key))).isEqualTo(key);
        }
    }

    @Test
    void nullStaysNull() {
        assertThat(keys.deserialize("t", null)).isNull();
        assertThat(keys.serialize("t", null)).isNull();
    }

    @Test
    void bytesThatAreNotUtf8FailNamingWhatTheyWere() {
        assertThatThrownBy(() -> keys.deserialize("t", new byte[] {'o', '-', '1', (byte) 0xFF}))
                .isInstanceOf(SerializationException.class)
                .hasMessage("record key is not valid UTF-8: 4 bytes starting 6f2d31ff");
    }

    @Test
    void onlyTheFirstSixteenBytesAreShown() {
        byte[] key = "o".repeat(100).getBytes(StandardCharsets.UTF_8);
        key[99] = (byte) 0x80;

        assertThatThrownBy(() -> keys.deserialize("t", key))
                .hasMessage("record key is not valid UTF-8: 100 bytes starting " + "6f".repeat(16));
    }
}
