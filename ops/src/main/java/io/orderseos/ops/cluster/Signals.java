package io.orderseos.ops.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * SIGSTOP and SIGCONT through the system's {@code kill} command: {@link Process} sends only SIGTERM
 * and SIGKILL, and native code is not an option here.
 */
final class Signals {
    private Signals() {}

    /** Freezes {@code process} like a long GC pause or a stalled VM: its sockets stay open. */
    static void stop(Process process) throws IOException, InterruptedException {
        send("STOP", process);
    }

    static void resume(Process process) throws IOException, InterruptedException {
        send("CONT", process);
    }

    private static void send(String signal, Process process) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder(List.of("kill", "-" + signal, Long.toString(process.pid())))
                .redirectErrorStream(true)
                .start();
        String output = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        int code = kill.waitFor(); // its output has ended: it is exiting
        if (code != 0) {
            throw new IOException("kill -" + signal + " " + process.pid() + " exited with " + code + ": " + output);
        }
    }
}
