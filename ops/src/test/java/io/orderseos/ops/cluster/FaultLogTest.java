package io.orderseos.ops.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class FaultLogTest {

    @Test
    void linesCarryTheSecondsSinceTheStartAndAreBothPrintedAndKept() {
        AtomicLong now = new AtomicLong(5_000_000_000L);
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        FaultLog faults = new FaultLog(new PrintStream(printed, true, StandardCharsets.UTF_8), now::get);

        now.addAndGet(12_345_000_000L);
        faults.record("kill -9", "app-2", 1234);
        now.addAndGet(700_000_000L);
        faults.record("SIGCONT broker-1");

        assertThat(faults.lines()).containsExactly("12.3 s kill -9 app-2 (pid 1234)", "13.0 s SIGCONT broker-1");
        assertThat(printed.toString(StandardCharsets.UTF_8).lines()).isEqualTo(faults.lines());
    }
}
