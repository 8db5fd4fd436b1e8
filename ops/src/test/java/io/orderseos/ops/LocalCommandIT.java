package io.orderseos.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderseos.ops.load.RecordKind;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code local} for real: a broker process, the app, the generated sample, the summary. The
 * summary's figures come from the app's metrics and the dead-letter topic; they must account for
 * every record the sample sent, by kind (aborted upstream records for nothing).
 */
class LocalCommandIT {

    @Test
    void localRunAccountsForEveryRecordOfTheSample() {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(captured, true, StandardCharsets.UTF_8);

        int code = OpsMain.run(
                new String[] {
                    "local",
                    "--records",
                    "1500",
                    "--seed",
                    "7",
                    "--kafka-port",
                    "0",
                    "--http-port",
                    "0",
                    "--exit-after-summary"
                },
                out,
                out);

        String output = captured.toString(StandardCharsets.UTF_8);
        assertThat(code).as(output).isZero();
        assertThat(figure(output, "events applied"))
                .isEqualTo(sent(output, RecordKind.EVENT) + sent(output, RecordKind.OLD_SCHEMA_EVENT));
        assertThat(figure(output, "duplicates dropped")).isEqualTo(sent(output, RecordKind.DUPLICATE));
        assertThat(figure(output, "duplicate intents")).isEqualTo(sent(output, RecordKind.DUPLICATE_INTENT));
        long malformed = RecordKind.MALFORMED.stream()
                .mapToLong(kind -> sent(output, kind))
                .sum();
        assertThat(malformed).isPositive();
        assertThat(sent(output, RecordKind.ABORTED)).isPositive();
        assertThat(figure(output, "dead letters"))
                .isEqualTo(sent(output, RecordKind.CONFLICT) + sent(output, RecordKind.ILLEGAL) + malformed);
        assertThat(output).contains("curl -s http://localhost:");
    }

    private static long figure(String output, String label) {
        Matcher matcher = Pattern.compile("  " + label + " +([0-9,]+)").matcher(output);
        assertThat(matcher.find()).as("'%s' in %s", label, output).isTrue();
        return Long.parseLong(matcher.group(1).replace(",", ""));
    }

    private static long sent(String output, RecordKind kind) {
        Matcher matcher = Pattern.compile("[{ ]" + Pattern.quote(kind.label()) + "=([0-9]+)")
                .matcher(output);
        return matcher.find() ? Long.parseLong(matcher.group(1)) : 0;
    }
}
