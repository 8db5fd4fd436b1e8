package io.orderseos.ops.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderseos.ops.Commands;
import io.orderseos.ops.OpsMain;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Model.OptionSpec;

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
        assertThat(options.ratios()).isEqualTo(new LoadOptions.Ratios(0.05, 0.01, 0.02, 0.02, 0.05, 0.02, 0.01, 0, 0));
    }

    @Test
    void produceWithoutOptionsSendsTheDefaults() {
        assertThat(Commands.parse(ProduceCommand.class, "produce").options()).isEqualTo(LoadOptions.defaults());
    }

    @Test
    void everyOptionCanBeSet() {
        LoadOptions options = Commands.parse(
                        ProduceCommand.class,
                        "produce",
                        "--bootstrap-servers",
                        "broker:29092",
                        "--topic",
                        "orders-load",
                        "--partitions",
                        "12",
                        "--count",
                        "5000000000",
                        "--rate",
                        "500",
                        "--seed",
                        "-7",
                        "--customers",
                        "3",
                        "--order-prefix",
                        "run2",
                        "--duplicates",
                        "0.1",
                        "--conflicts",
                        "0",
                        "--intents",
                        "0.03",
                        "--illegal",
                        "0.04",
                        "--old-schema",
                        "0.2",
                        "--malformed",
                        "0.06",
                        "--aborted=0.07")
                .options();

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
                        new LoadOptions.Ratios(0.1, 0, 0.03, 0.04, 0.2, 0.06, 0.07, 0, 0),
                        false));
    }

    @Test
    void theKindsOutOfOrderNeedTheReorderFlag() {
        LoadOptions options = Commands.parse(
                        ProduceCommand.class,
                        "produce",
                        "--reorder",
                        "--out-of-order",
                        "0.03",
                        "--missing-predecessor=0.02")
                .options();

        assertThat(options.reorder()).isTrue();
        assertThat(options.ratios().outOfOrder()).isEqualTo(0.03);
        assertThat(options.ratios().missingPredecessor()).isEqualTo(0.02);
        assertThat(Commands.parse(ProduceCommand.class, "produce", "--reorder")
                        .options()
                        .ratios())
                .isEqualTo(LoadOptions.defaults().ratios());
        assertBad("--out-of-order and --missing-predecessor need --reorder", "--out-of-order", "0.01");
        assertBad("need --reorder", "--missing-predecessor", "0.01");
        assertBad("--out-of-order 0.5 is more than one swapped pair per order", "--reorder", "--out-of-order", "0.5");
    }

    @Test
    void theBuilderStartsAtTheDefaults() {
        assertThat(LoadOptions.builder().count(5).seed(7).build())
                .isEqualTo(new LoadOptions(
                        "localhost:9092",
                        "orders",
                        6,
                        5,
                        0,
                        7,
                        1_000,
                        "o",
                        LoadOptions.defaults().ratios(),
                        false));
    }

    @Test
    void aBadValueNamesItsOption() {
        assertBad("Invalid value for option '--count': 'many' is not a whole number", "--count", "many");
        assertBad("--count must be at least 1", "--count", "0");
        assertBad("--rate", "--rate", "-1");
        assertBad("--partitions must be at least 1", "--partitions", "0");
        assertBad("option '--partitions': '3000000000' is too large", "--partitions", "3000000000");
        assertBad("--customers", "--customers", "0");
        assertBad("option '--seed': '' is not a whole number", "--seed", "");
        assertBad("Missing required parameter for option '--seed'", "--seed");
        assertBad("--topic must be a Kafka topic name", "--topic", "no spaces");
        assertBad("--order-prefix", "--order-prefix", "a b");
        assertBad("--duplicates must be a fraction from 0 to 1, was '1.5'", "--duplicates", "1.5");
        assertBad("--aborted", "--aborted", "-0.1");
        assertBad("--malformed", "--malformed", "NaN");
        assertBad("option '--illegal': 'lots' is not a number", "--illegal", "lots");
        assertBad("Unknown option", "--speed", "9");
        assertBad("'--speed'", "--speed", "9");
        assertBad("--bootstrap-servers needs a value", "--bootstrap-servers", "");
    }

    @Test
    void ratiosMustLeaveRoomForTheEvents() {
        assertBad("add up to", "--duplicates", "0.6", "--malformed", "0.5");
        assertBad("--old-schema 0.7 is more than", "--old-schema", "0.7");
    }

    @Test
    void produceMapsABadOptionToExitCodeTwo() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int code = OpsMain.run(
                new String[] {"produce", "--count", "many"},
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("'many' is not a whole number")
                .contains("Run orders-eos-ops produce --help for its options.");
    }

    @Test
    void helpListsEveryOptionWithItsDefault() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        int code = OpsMain.run(
                new String[] {"produce", "--help"},
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

        assertThat(code).isZero();
        String usage = out.toString(StandardCharsets.UTF_8).replaceAll("\\s+", " "); // as wrapped
        List<OptionSpec> options =
                OpsMain.commandLine(System.out, System.err)
                        .getSubcommands()
                        .get("produce")
                        .getCommandSpec()
                        .options()
                        .stream()
                        .filter(option -> !option.usageHelp())
                        .toList();
        assertThat(options).hasSize(18);
        for (OptionSpec option : options) {
            // A flag takes no value: its name stands alone.
            assertThat(usage)
                    .contains(option.longestName() + (option.arity().max() == 0 ? " " : "="))
                    .contains("(default " + option.initialValue() + ")");
        }
    }

    /** {@code produce} with {@code args} exits 2 before sending anything, saying {@code message}. */
    private static void assertBad(String message, String... args) {
        List<String> command = new ArrayList<>(List.of("produce"));
        command.addAll(List.of(args));

        Commands.Result result = Commands.run(command.toArray(String[]::new));

        assertThat(result.code()).as(result.all()).isEqualTo(2);
        assertThat(result.err()).contains(message);
    }
}
