package io.orderseos.ops.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.orderseos.ops.OpsMain;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LoadOptionsTest {

    @Test
    void defaultsAreTheDocumentedOnes() {
        LoadOptions options = LoadOptions.defaults();

        assertThat(options.bootstrapServers()).isEqualTo("localhost:9092");
        assertThat(options.topic()).isEqualTo("orders");
        assertThat(options.seed()).isEqualTo(42);
        assertThat(options.count()).isEqualTo(100_000);
        assertThat(options.rate()).isZero();
        assertThat(options.partitions()).isEqualTo(6);
        assertThat(options.customers()).isEqualTo(1_000);
        assertThat(options.orderPrefix()).isEqualTo("o");
        assertThat(options.ratios()).isEqualTo(new LoadOptions.Ratios(0.05, 0.01, 0.02, 0.02, 0.05, 0.02, 0.01));
    }

    @Test
    void everyOptionCanBeSet() {
        LoadOptions options = LoadOptions.parse(Map.ofEntries(
                Map.entry("bootstrap-servers", "broker:29092"),
                Map.entry("topic", "orders-load"),
                Map.entry("partitions", "12"),
                Map.entry("count", "5000000000"),
                Map.entry("rate", "500"),
                Map.entry("seed", "-7"),
                Map.entry("customers", "3"),
                Map.entry("order-prefix", "run2"),
                Map.entry("duplicates", "0.1"),
                Map.entry("conflicts", "0"),
                Map.entry("intents", "0.03"),
                Map.entry("illegal", "0.04"),
                Map.entry("old-schema", "0.2"),
                Map.entry("malformed", "0.06"),
                Map.entry("aborted", "0.07")));

        assertThat(options)
                .isEqualTo(new LoadOptions(
                        "broker:29092",
                        "orders-load",
                        12,
                        5_000_000_000L,
                        500,
                        -7,
                        3,
                        "run2",
                        new LoadOptions.Ratios(0.1, 0, 0.03, 0.04, 0.2, 0.06, 0.07)));
    }

    @Test
    void aBadValueNamesItsOption() {
        assertBad(Map.of("count", "many"), "--count must be a whole number, was 'many'");
        assertBad(Map.of("count", "0"), "--count must be at least 1");
        assertBad(Map.of("rate", "-1"), "--rate");
        assertBad(Map.of("partitions", "0"), "--partitions must be at least 1");
        assertBad(Map.of("partitions", "3000000000"), "--partitions is too large");
        assertBad(Map.of("customers", "0"), "--customers");
        assertBad(Map.of("seed", ""), "--seed needs a value");
        assertBad(Map.of("topic", "no spaces"), "--topic must be a Kafka topic name");
        assertBad(Map.of("order-prefix", "a b"), "--order-prefix");
        assertBad(Map.of("duplicates", "1.5"), "--duplicates must be a fraction from 0 to 1, was '1.5'");
        assertBad(Map.of("aborted", "-0.1"), "--aborted");
        assertBad(Map.of("malformed", "NaN"), "--malformed");
        assertBad(Map.of("illegal", "lots"), "--illegal must be a fraction");
        assertBad(Map.of("speed", "9"), "unknown option --speed");
    }

    @Test
    void ratiosMustLeaveRoomForTheEvents() {
        assertBad(Map.of("duplicates", "0.6", "malformed", "0.5"), "add up to");
        assertBad(Map.of("old-schema", "0.7"), "--old-schema 0.7 is more than");
    }

    @Test
    void produceMapsABadOptionToExitCodeTwo() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int code = OpsMain.run(
                new String[] {"produce", "--count", "many"},
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--count must be a whole number");
    }

    @Test
    void helpListsEveryOptionWithItsDefault() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        int code = OpsMain.run(
                new String[] {"produce", "--help"},
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

        assertThat(code).isZero();
        String usage = out.toString(StandardCharsets.UTF_8);
        for (LoadOption option : LoadOption.values()) {
            assertThat(usage).contains(option + " ").contains("(default " + option.defaultValue() + ")");
        }
    }

    private static void assertBad(Map<String, String> options, String message) {
        assertThatThrownBy(() -> LoadOptions.parse(options))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }
}
