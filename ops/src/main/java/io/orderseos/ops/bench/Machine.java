package io.orderseos.ops.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The machine a run measured, as the results must say: cores, CPU model, memory, JVM, OS, and the
 * load average, since other work on the machine moves every figure.
 */
record Machine(int cores, String cpu, long memoryMb, String jvm, String os) {

    static Machine describe() {
        return new Machine(
                Runtime.getRuntime().availableProcessors(),
                procField("/proc/cpuinfo", "model name").orElse(System.getProperty("os.arch")),
                procField("/proc/meminfo", "MemTotal")
                        .map(kb -> Long.parseLong(kb.replace("kB", "").trim()) / 1024)
                        .orElse(-1L),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
                System.getProperty("os.name") + " " + System.getProperty("os.version"));
    }

    /** The 1-minute load average, or -1 where {@code /proc/loadavg} does not exist. */
    static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static Optional<String> procField(String file, String field) {
        try {
            List<String> lines = Files.readAllLines(Path.of(file));
            return lines.stream()
                    .filter(line -> line.startsWith(field))
                    .map(line -> line.substring(line.indexOf(':') + 1).trim())
                    .findFirst();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    Map<String, Object> json() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("cores", cores);
        json.put("cpu", cpu);
        json.put("memoryMb", memoryMb);
        json.put("jvm", jvm);
        json.put("os", os);
        return json;
    }

    @Override
    public String toString() {
        return String.format("%d cores (%s), %,.1f GB memory, %s, %s", cores, cpu, memoryMb / 1024.0, jvm, os);
    }
}
