package io.orderseos.ops.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderseos.ops.Commands;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The CI gate: the {@code gate} scenario for real (a broker process, three instances of the
 * deployable jar, 60,000 records, three {@code kill -9}s and two pauses longer than the transaction
 * timeout), and the verifier must find nothing wrong. The output goes to the console as it happens
 * (a run takes minutes) and is checked afterwards.
 */
class ChaosGateIT {

    @Test
    void exactlyOnceHoldsThroughKillsAndPauses() {
        Commands.Result result = Commands.runShowing("chaos", "--scenario", "gate");

        String output = result.out();
        assertThat(result.code()).as("exit code; the run is above").isZero();
        assertThat(Pattern.compile("kill -9 app-").matcher(output).results().count())
                .isGreaterThanOrEqualTo(3);
        assertThat(Pattern.compile("SIGCONT after").matcher(output).results().count())
                .isGreaterThanOrEqualTo(2);
        assertThat(output).contains("PASSED: 0 violations").containsPattern("\\| gate \\| \\d+ \\| 60,000 \\|");
    }
}
