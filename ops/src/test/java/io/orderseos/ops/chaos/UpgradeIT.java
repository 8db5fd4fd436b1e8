package io.orderseos.ops.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderseos.compat.Releases;
import io.orderseos.ops.Commands;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A rolling upgrade under load, for real: three instances of the previous release's jar (built from
 * the commit recorded for it), replaced one by one with the current jar on the same state
 * directories in two rolls, an instance of the previous release killed with {@code kill -9} while
 * both run and one on {@code orders.upgrade.from} during the second roll, and the verifier over
 * everything at the end must find nothing wrong.
 */
class UpgradeIT {

    @Test
    void aRollingUpgradeFromThePreviousReleaseUnderLoadLosesAndDoublesNothing() {
        String previous = Releases.previous().release();

        Commands.Result result = Commands.runShowing("chaos", "--scenario", "upgrade");

        String output = result.out();
        assertThat(result.code()).as("exit code; the run is above").isZero();
        assertThat(output).contains("instances start on release " + previous + " (");
        assertThat(count(output, "ORDERS_UPGRADE_FROM=" + previous + " \\(first roll\\)"))
                .isEqualTo(3);
        assertThat(count(output, "\\(second roll\\)")).isEqualTo(3);
        assertThat(count(output, "ready on the current jar")).isEqualTo(6);
        assertThat(count(output, "kill -9 app-2"))
                .as("one on the release, one on orders.upgrade.from")
                .isEqualTo(2);
        assertThat(output).contains("PASSED: 0 violations").containsPattern("\\| upgrade \\| \\d+ \\| 60,000 \\|");
    }

    private static long count(String output, String regex) {
        return Pattern.compile(regex).matcher(output).results().count();
    }
}
