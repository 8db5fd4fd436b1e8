package io.orderseos.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class OpsMainTest {
    private static final List<String> COMMANDS =
            List.of("local", "produce", "verify", "chaos", "topics", "dlq-replay", "bench");

    @Test
    void withoutACommandTheUsageListsEveryCommandAndExitsTwo() {
        Commands.Result result = Commands.run();

        assertThat(result.code()).isEqualTo(2);
        assertThat(result.err()).contains("Missing required subcommand").contains("Usage: orders-eos-ops");
        COMMANDS.forEach(command -> assertThat(result.err()).contains("  " + command + " "));
    }

    @Test
    void helpListsEveryCommandAndExitsZero() {
        for (String help : List.of("--help", "-h")) {
            Commands.Result result = Commands.run(help);

            assertThat(result.code()).as(help).isZero();
            COMMANDS.forEach(command -> assertThat(result.out()).contains("  " + command + " "));
            assertThat(result.out()).contains("Run orders-eos-ops <command> --help");
        }
    }

    @Test
    void everyCommandHasHelpThatExitsZero() {
        for (String command : COMMANDS) {
            Commands.Result result = Commands.run(command, "--help");

            assertThat(result.code()).as(command).isZero();
            assertThat(result.out()).as(command).contains("Usage: orders-eos-ops " + command + " ");
        }
    }

    @Test
    void anUnknownCommandIsNamedAndExitsTwo() {
        Commands.Result result = Commands.run("prodcue", "--count", "10");

        assertThat(result.code()).isEqualTo(2);
        assertThat(result.err()).contains("'prodcue'").contains("Did you mean: orders-eos-ops produce");
    }

    @Test
    void anUnknownOptionIsNamedWithWhereToReadTheOptions() {
        Commands.Result result = Commands.run("local", "--record", "10");

        assertThat(result.code()).isEqualTo(2);
        assertThat(result.err())
                .startsWith("orders-eos-ops local: Unknown option")
                .contains("'--record'")
                .contains("Run orders-eos-ops local --help for its options.");
    }

    @Test
    void aMissingValueNamesItsOption() {
        Commands.Result result = Commands.run("verify", "--wait");

        assertThat(result.code()).isEqualTo(2);
        assertThat(result.err()).contains("Missing required parameter for option '--wait'");
    }

    @Test
    void badValuesAreRefusedBeforeAnythingStarts() {
        assertThat(run("local", "--kafka-port", "70000"))
                .startsWith("2 ")
                .contains("--kafka-port must be from 0 to 65535, was '70000'");
        assertThat(run("local", "--records", "0")).startsWith("2 ").contains("--records must be at least 1");
        assertThat(run("verify", "--wait", "PT0S"))
                .startsWith("2 ")
                .contains("option '--wait'")
                .contains("'PT0S' is not positive");
        assertThat(run("verify", "--max-diff", "-1")).startsWith("2 ").contains("--max-diff must be at least 0");
        assertThat(run("chaos", "--scenario", "nope"))
                .startsWith("2 ")
                .contains("unknown scenario 'nope'")
                .contains("gate");
        assertThat(run("chaos", "--events", "0")).startsWith("2 ").contains("--events must be at least 1");
    }

    @Test
    void wholeNumbersMayGroupTheirDigits() {
        assertThat(Commands.parse(LocalCommand.class, "local", "--records", "1_000"))
                .extracting("records")
                .isEqualTo(1_000L);
    }

    private static String run(String... args) {
        Commands.Result result = Commands.run(args);
        return result.code() + " " + result.all();
    }
}
