package io.orderseos.ops.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderseos.deadletter.DeadLetterReason;
import io.orderseos.ops.Commands;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReplayOptionsTest {

    @Test
    void defaultsNeedOnlyAReason() {
        ReplayOptions options = parse("--reason", "OVERSIZE");

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
        ReplayOptions options = parse(
                "--reason",
                "validation, Deserialization",
                "--source-partition",
                "2",
                "--from-offset",
                "100",
                "--to-offset",
                "200",
                "--from-time",
                "2026-05-01T00:00:00Z",
                "--to-time",
                "2026-05-02T00:00:00Z",
                "--dry-run",
                "--again",
                "--show",
                "3",
                "--limit",
                "50",
                "--batch",
                "7",
                "--timeout",
                "PT5S",
                "--config",
                "app.properties",
                "--bootstrap-servers",
                "broker:9092");

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
        assertThat(run("dlq-replay"))
                .startsWith("2 ")
                .contains("Missing required option: '--reason")
                .contains("ILLEGAL_TRANSITION");
        assertThat(run("dlq-replay", "--reason", "OVERSIZE,LATE"))
                .startsWith("2 ")
                .contains("but was 'LATE'")
                .contains("ILLEGAL_TRANSITION");
        assertThat(run("dlq-replay", "--reason", " , "))
                .startsWith("2 ")
                .contains("--reason is required")
                .contains("ILLEGAL_TRANSITION");
    }

    @Test
    void rangesThatMatchNothingAreRefused() {
        assertThat(run("dlq-replay", "--reason", "OVERSIZE", "--from-offset", "9", "--to-offset", "3"))
                .startsWith("2 ")
                .contains("--from-offset 9 is after --to-offset 3");
        assertThat(run(
                        "dlq-replay",
                        "--reason",
                        "OVERSIZE",
                        "--from-time",
                        "2026-05-02T00:00:00Z",
                        "--to-time",
                        "2026-05-01T00:00:00Z"))
                .startsWith("2 ")
                .contains("is not before --to-time");
    }

    @Test
    void badValuesNameTheirOption() {
        assertThat(run("dlq-replay", "--reason", "OVERSIZE", "--from-time", "yesterday"))
                .startsWith("2 ")
                .contains("option '--from-time'")
                .contains("'yesterday' is not an ISO-8601 instant");
        assertThat(run("dlq-replay", "--reason", "OVERSIZE", "--batch", "0"))
                .startsWith("2 ")
                .contains("--batch must be at least 1");
        assertThat(run("dlq-replay", "--reason", "OVERSIZE", "--source-partition", "-1"))
                .startsWith("2 ")
                .contains("--source-partition must be at least 0");
        assertThat(run("dlq-replay", "--reason", "OVERSIZE", "--dry-run", "yes"))
                .startsWith("2 ")
                .contains("Unmatched argument")
                .contains("'yes'");
        assertThat(run("dlq-replay", "--reason", "OVERSIZE", "--partition", "1"))
                .startsWith("2 ")
                .contains("Unknown option")
                .contains("'--partition'");
        assertThat(run("dlq-replay", "--reason", "OVERSIZE", "--timeout", "-PT1S"))
                .startsWith("2 ")
                .contains("option '--timeout'")
                .contains("is not positive");
    }

    @Test
    void usageErrorsExitTwoAndHelpExitsZero() {
        assertThat(run("dlq-replay", "--reason", "OVERSIZE", "--limit", "many"))
                .startsWith("2 ")
                .contains("option '--limit'")
                .contains("'many' is not a whole number")
                .contains("Run orders-eos-ops dlq-replay --help for its options.");
        assertThat(run("dlq-replay", "--help"))
                .startsWith("0 ")
                .contains("--reason=REASON")
                .contains("--dry-run")
                .contains("--source-partition")
                .contains("--from-time")
                .contains("--limit");
    }

    private static ReplayOptions parse(String... args) {
        String[] command = new String[args.length + 1];
        command[0] = "dlq-replay";
        System.arraycopy(args, 0, command, 1, args.length);
        return Commands.parse(ReplayCommand.class, command).options();
    }

    private static String run(String... args) {
        Commands.Result result = Commands.run(args);
        return result.code() + " " + result.all();
    }
}
