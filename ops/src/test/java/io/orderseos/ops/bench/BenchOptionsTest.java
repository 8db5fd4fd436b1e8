package io.orderseos.ops.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.orderseos.ops.Commands;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.ParameterException;

class BenchOptionsTest {

    @Test
    void defaultsAreTheFullRun() {
        BenchOptions options = options();

        assertThat(options.events()).isEqualTo(2_000_000);
        assertThat(options.partitions()).isEqualTo(6);
        assertThat(options.phases()).isEqualTo(EnumSet.allOf(Phase.class));
        assertThat(options.rate()).isZero();
        assertThat(options.failoverRate()).isZero();
    }

    @Test
    void restoreBringsTheExactlyOncePhaseWhoseStateItRestores() {
        assertThat(options("--only", "restore").phases()).containsExactlyInAnyOrder(Phase.RESTORE, Phase.EOS);
    }

    @Test
    void latencyWithoutExactlyOnceNeedsARate() {
        assertThatThrownBy(() -> options("--only", "latency"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--rate");
        assertThat(options("--only", "latency", "--rate", "500").rate()).isEqualTo(500);
    }

    @Test
    void failoverWithoutExactlyOnceNeedsItsOwnRate() {
        assertThatThrownBy(() -> options("--only", "failover", "--rate", "500"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--failover-rate");
        BenchOptions options = options("--only", "failover", "--failover-rate", "3000");
        assertThat(options.failoverRate()).isEqualTo(3000);
        assertThat(options.rate()).isZero();
    }

    @Test
    void unknownPhaseIsNamed() {
        assertThatThrownBy(() -> options("--only", "raw,fast"))
                .isInstanceOf(ParameterException.class)
                .hasMessageContaining("option '--only'")
                .hasMessageContaining("'fast'");
    }

    @Test
    void unknownOptionIsNamed() {
        assertThatThrownBy(() -> options("--evnets", "10"))
                .isInstanceOf(ParameterException.class)
                .hasMessageContaining("Unknown option")
                .hasMessageContaining("'--evnets'");
    }

    @Test
    void appEnvSetsTheAppsVariables() {
        assertThat(options().appEnv()).isEmpty();
        assertThat(options("--app-env", "KAFKA_SESSION_TIMEOUT_MS=6000,ORDERS_DEDUP_WINDOW=PT1H,")
                        .appEnv())
                .containsExactly(
                        Map.entry("KAFKA_SESSION_TIMEOUT_MS", "6000"), Map.entry("ORDERS_DEDUP_WINDOW", "PT1H"));
    }

    @Test
    void appEnvRefusesWhatTheAppDoesNotRead() {
        for (String bad : List.of("JAVA_OPTS=-Xmx1g", "KAFKA_SESSION_TIMEOUT_MS", "session.timeout.ms=6000")) {
            assertThatThrownBy(() -> options("--app-env", bad))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("--app-env")
                    .hasMessageContaining(bad);
        }
    }

    @Test
    void brokerConfigTakesKafkasBrokerSettings() {
        assertThat(options().brokerConfig()).isEmpty();
        assertThat(options(
                                "--broker-config",
                                "transaction.abort.timed.out.transaction.cleanup.interval.ms=500,"
                                        + "group.min.session.timeout.ms=3000")
                        .brokerConfig())
                .containsExactly(
                        Map.entry("group.min.session.timeout.ms", "3000"),
                        Map.entry("transaction.abort.timed.out.transaction.cleanup.interval.ms", "500"));
    }

    @Test
    void brokerConfigRefusesUnknownNamesAndWhatTheHarnessSets() {
        for (String bad : List.of(
                "transaction.abort.timeout.ms=500", // not a broker setting
                "group.min.session.timeout.ms",
                "KAFKA_GROUP_MIN_SESSION_TIMEOUT_MS=3000",
                "listeners=PLAINTEXT://localhost:9092",
                "log.dirs=/elsewhere")) {
            assertThatThrownBy(() -> options("--broker-config", bad))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("--broker-config")
                    .hasMessageContaining(bad);
        }
    }

    @Test
    void phasesAreNamedInAnyCaseAndEventsMayGroupTheirDigits() {
        BenchOptions options = options("--only", "RAW, Eos", "--events", "2_000");

        assertThat(options.phases()).containsExactlyInAnyOrder(Phase.RAW, Phase.EOS);
        assertThat(options.events()).isEqualTo(2_000);
    }

    @Test
    void aComparedJarMustBeAFileAndSomethingMustBeCompared(@TempDir Path dir) throws Exception {
        Path jar = Files.createFile(dir.resolve("before.jar"));

        assertThat(options("--compare-app-jar", jar.toString()).compareJar()).isEqualTo(jar.toAbsolutePath());
        assertThat(options("--compare-app-jar", jar.toString()).comparedWith()).isEqualTo("the app jar " + jar);
        assertThatThrownBy(() ->
                        options("--compare-app-jar", dir.resolve("missing.jar").toString()))
                .hasMessageContaining("--compare-app-jar")
                .hasMessageContaining("missing.jar is not a file");
        assertThatThrownBy(() -> options("--compare-app-jar", dir.toString())).hasMessageContaining("is not a file");
        assertThatThrownBy(() -> options("--only", "raw", "--compare-app-jar", jar.toString()))
                .hasMessageContaining("compare the eos and latency phases");
    }

    @Test
    void badUsageExitsTwo() {
        Commands.Result result = Commands.run("bench", "--only", "latency");

        assertThat(result.code()).isEqualTo(2);
        assertThat(result.err()).contains("--rate").contains("Run orders-eos-ops bench --help for its options.");
    }

    private static BenchOptions options(String... args) {
        String[] command = new String[args.length + 1];
        command[0] = "bench";
        System.arraycopy(args, 0, command, 1, args.length);
        return Commands.parse(BenchCommand.class, command).options();
    }
}
