package io.orderseos.ops.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.orderseos.deadletter.DeadLetterReason;
import io.orderseos.ops.Commands;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReplayOptionsTest {

    @Test
    void defaultsNeedOnlyAReason() {
        ReplayOptions options = ReplayOptions.parse(Map.of("reason", "OVERSIZE"));

        assertThat(options.selection())
                .isEqualTo(new Selection(Set.of(DeadLetterReason.OVERSIZE), null, null, null, null, null));
        assertThat(options.dryRun()).isFalse();
        assertThat(options.again()).isFalse();
        assertThat(options.show()).isEqualTo(10);
        assertThat(options.limit()).isZero();
        assertThat(options.batch()).isEqualTo(100);
        assertThat(options.timeout()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void everyOptionCanBeSet() {
        ReplayOptions options = ReplayOptions.parse(Map.ofEntries(
                Map.entry("reason", "validation, Deserialization"),
                Map.entry("source-partition", "2"),
                Map.entry("from-offset", "100"),
                Map.entry("to-offset", "200"),
                Map.entry("from-time", "2026-05-01T00:00:00Z"),
                Map.entry("to-time", "2026-05-02T00:00:00Z"),
                Map.entry("dry-run", ""),
                Map.entry("again", ""),
                Map.entry("show", "3"),
                Map.entry("limit", "50"),
                Map.entry("batch", "7"),
                Map.entry("timeout", "PT5S"),
                Map.entry("config", "app.properties"),
                Map.entry("bootstrap-servers", "broker:9092")));

        assertThat(options)
                .isEqualTo(new ReplayOptions(
                        new Selection(
                                Set.of(DeadLetterReason.VALIDATION, DeadLetterReason.DESERIALIZATION),
                                2,
                                100L,
                                200L,
                                Instant.parse("2026-05-01T00:00:00Z"),
                                Instant.parse("2026-05-02T00:00:00Z")),
                        true,
                        true,
                        3,
                        50,
                        7,
                        Duration.ofSeconds(5)));
    }

    @Test
    void aReasonIsRequiredAndMustBeOneOfTheFive() {
        assertThatThrownBy(() -> ReplayOptions.parse(Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--reason is required")
                .hasMessageContaining("ILLEGAL_TRANSITION");
        assertThatThrownBy(() -> ReplayOptions.parse(Map.of("reason", "OVERSIZE,LATE")))
                .hasMessageContaining("unknown reason 'LATE'");
        assertThatThrownBy(() -> ReplayOptions.parse(Map.of("reason", " , ")))
                .hasMessageContaining("--reason is required");
    }

    @Test
    void rangesThatMatchNothingAreRefused() {
        assertThatThrownBy(
                        () -> ReplayOptions.parse(Map.of("reason", "OVERSIZE", "from-offset", "9", "to-offset", "3")))
                .hasMessageContaining("--from-offset 9 is after --to-offset 3");
        assertThatThrownBy(() -> ReplayOptions.parse(Map.of(
                        "reason", "OVERSIZE",
                        "from-time", "2026-05-02T00:00:00Z",
                        "to-time", "2026-05-01T00:00:00Z")))
                .hasMessageContaining("is not before --to-time");
    }

    @Test
    void badValuesNameTheirOption() {
        assertThatThrownBy(() -> ReplayOptions.parse(Map.of("reason", "OVERSIZE", "from-time", "yesterday")))
                .hasMessageContaining("--from-time must be an ISO-8601 instant");
        assertThatThrownBy(() -> ReplayOptions.parse(Map.of("reason", "OVERSIZE", "batch", "0")))
                .hasMessageContaining("--batch must be at least 1");
        assertThatThrownBy(() -> ReplayOptions.parse(Map.of("reason", "OVERSIZE", "source-partition", "-1")))
                .hasMessageContaining("--source-partition must be at least 0");
        assertThatThrownBy(() -> ReplayOptions.parse(Map.of("reason", "OVERSIZE", "dry-run", "yes")))
                .hasMessageContaining("--dry-run takes no value");
        assertThatThrownBy(() -> ReplayOptions.parse(Map.of("reason", "OVERSIZE", "partition", "1")))
                .hasMessageContaining("unknown option --partition");
    }

    @Test
    void usageErrorsExitTwoAndHelpExitsZero() {
        assertThat(run("dlq-replay")).startsWith("2 ").contains("--reason is required");
        assertThat(run("dlq-replay", "--reason", "OVERSIZE", "--limit", "many"))
                .startsWith("2 ")
                .contains("--limit must be a whole number");
        assertThat(run("dlq-replay", "--help"))
                .startsWith("0 ")
                .contains("--reason LIST")
                .contains("--dry-run")
                .contains("--source-partition")
                .contains("--from-time")
                .contains("--limit");
    }

    private static String run(String... args) {
        Commands.Result result = Commands.run(args);
        return result.code() + " " + result.all();
    }
}
