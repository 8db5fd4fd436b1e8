package io.orderseos.ops.cluster;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --app-jar}, a picocli mixin: the jar of the commands that run orders-eos as processes. */
public final class AppJarOption {
    @Option(
            names = "--app-jar",
            paramLabel = "PATH",
            description = "the app jar (default topology/target/orders-eos.jar)")
    private String path;

    /** The jar given, else the project's: found (or refused) now, before anything starts. */
    public Path locate() {
        return path != null ? AppJar.locate(path) : AppJar.locate();
    }
}
