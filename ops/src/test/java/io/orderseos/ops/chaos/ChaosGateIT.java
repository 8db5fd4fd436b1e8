package io.orderseos.ops.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderseos.ops.OpsMain;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
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
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(new Tee(captured, System.out), true, StandardCharsets.UTF_8);

        int code = OpsMain.run(new String[] {"chaos", "--scenario", "gate"}, out, out);

        String output = captured.toString(StandardCharsets.UTF_8);
        assertThat(code).as("exit code; the run is above").isZero();
        assertThat(Pattern.compile("kill -9 app-").matcher(output).results().count())
                .isGreaterThanOrEqualTo(3);
        assertThat(Pattern.compile("SIGCONT after").matcher(output).results().count())
                .isGreaterThanOrEqualTo(2);
        assertThat(output).contains("PASSED: 0 violations").containsPattern("\\| gate \\| \\d+ \\| 60,000 \\|");
    }

    /** Writes to two streams. */
    private static final class Tee extends OutputStream {
        private final OutputStream first;
        private final OutputStream second;

        Tee(OutputStream first, OutputStream second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public void write(int b) throws IOException {
            first.write(b);
            second.write(b);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            first.write(bytes, offset, length);
            second.write(bytes, offset, length);
        }
    }
}
