package io.orderseos.ops.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class CpuSamplerTest {
    @Test
    void countsTheCpuAProcessSpendsBetweenTwoMoments() throws Exception {
        assumeThat(Files.exists(Path.of("/proc/self/stat"))).as("Linux /proc").isTrue();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        try (CpuSampler sampler = CpuSampler.start(ProcessHandle.current().pid())) {
            Thread.sleep(300);
            long from = System.nanoTime();
            long start = threads.getCurrentThreadCpuTime();
            long spin = 0;
            while (threads.getCurrentThreadCpuTime() - start < 1_000_000_000L) {
                spin += Long.numberOfTrailingZeros(System.nanoTime()); // one second of this thread's CPU
            }
            long to = System.nanoTime();
            Thread.sleep(300);
            long cpu = sampler.cpuNanosBetween(from, to);

            assertThat(spin).isPositive();
            // This thread's second, give or take a sample (100 ms) at either end on every core; and
            // no more than all cores could give over the stretch's wall time.
            int cores = Runtime.getRuntime().availableProcessors();
            assertThat(cpu)
                    .isBetween(1_000_000_000L - cores * 200_000_000L, (to - from) * cores + cores * 200_000_000L);
        }
    }

    @Test
    void aStretchShorterThanTheSamplingPeriodIsBracketedNotMissed() throws Exception {
        assumeThat(Files.exists(Path.of("/proc/self/stat"))).as("Linux /proc").isTrue();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        try (CpuSampler sampler = CpuSampler.start(ProcessHandle.current().pid())) {
            Thread.sleep(300);
            long from = System.nanoTime();
            long start = threads.getCurrentThreadCpuTime();
            long spin = 0;
            while (threads.getCurrentThreadCpuTime() - start < 50_000_000L) {
                spin += Long.numberOfTrailingZeros(System.nanoTime()); // 50 ms, half a sampling period
            }
            long to = System.nanoTime();
            Thread.sleep(300);

            assertThat(spin).isPositive();
            assertThat(sampler.cpuNanosBetween(from, to)).isPositive();
        }
    }

    @Test
    void aProcessThatIsNotThereHasNoCpuTime() {
        assertThat(CpuSampler.cpuNanos(Long.MAX_VALUE)).isEmpty();
    }
}
