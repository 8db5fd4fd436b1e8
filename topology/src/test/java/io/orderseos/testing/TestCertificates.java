package io.orderseos.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A throwaway certificate authority and certificates it signs, made with the JDK's own {@code
 * keytool} (no dependency), for TLS tests on loopback. Every certificate names {@code localhost} and
 * {@code 127.0.0.1} and may serve as server and as client certificate. All stores are PKCS12 with
 * {@link #PASSWORD}.
 */
public final class TestCertificates {
    public static final String PASSWORD = "changeit-" + Long.toHexString(System.nanoTime());

    /** A small, fast key, and certificates valid for two days. */
    private static final List<String> NEW_KEY = List.of("-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2");

    private static Path sharedDir;

    private final Path dir;

    private TestCertificates(Path dir) {
        this.dir = dir;
    }

    /**
     * The authority called {@code name}: {@code ca.p12} (its key) and {@link #truststore()} (its
     * certificate). Made once per JVM (keytool takes a JVM start per step), in a directory deleted
     * when the JVM exits.
     */
    public static synchronized TestCertificates authority(String name) throws IOException, InterruptedException {
        Path dir = shared().resolve(name);
        TestCertificates ca = new TestCertificates(dir);
        if (!Files.exists(ca.truststore())) {
            Files.createDirectories(dir);
            ca.keytool(
                    NEW_KEY,
                    "-genkeypair",
                    "-alias",
                    "ca",
                    "-dname",
                    "CN=orders-eos test CA " + name,
                    "-ext",
                    "bc:c",
                    "-keystore",
                    "ca.p12");
            ca.keytool(List.of(), "-exportcert", "-rfc", "-alias", "ca", "-keystore", "ca.p12", "-file", "ca.pem");
            ca.keytool(
                    List.of(),
                    "-importcert",
                    "-noprompt",
                    "-alias",
                    "ca",
                    "-file",
                    "ca.pem",
                    "-keystore",
                    "truststore.p12");
        }
        return ca;
    }

    private static Path shared() throws IOException {
        if (sharedDir == null) {
            sharedDir = Files.createTempDirectory("orders-eos-certificates");
            Path dir = sharedDir;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(dir)));
        }
        return sharedDir;
    }

    private static void delete(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind
        }
    }

    /** The truststore holding this authority's certificate only. */
    public Path truststore() {
        return dir.resolve("truststore.p12");
    }

    /** A keystore with a key for {@code name} and its certificate chain from this authority (made once). */
    public synchronized Path keystore(String name) throws IOException, InterruptedException {
        String keystore = name + ".p12";
        if (Files.exists(dir.resolve(keystore))) {
            return dir.resolve(keystore);
        }
        keytool(NEW_KEY, "-genkeypair", "-alias", name, "-dname", "CN=localhost, OU=" + name, "-keystore", keystore);
        keytool(List.of(), "-certreq", "-alias", name, "-keystore", keystore, "-file", name + ".csr");
        keytool(
                List.of("-validity", "2"),
                "-gencert",
                "-rfc",
                "-alias",
                "ca",
                "-keystore",
                "ca.p12",
                "-infile",
                name + ".csr",
                "-outfile",
                name + ".pem",
                "-ext",
                "san=dns:localhost,ip:127.0.0.1",
                "-ext",
                "eku=serverAuth,clientAuth");
        // A reply holding the whole chain, so keytool needs the authority in no store.
        Files.writeString(
                dir.resolve(name + "-chain.pem"),
                Files.readString(dir.resolve(name + ".pem")) + Files.readString(dir.resolve("ca.pem")));
        keytool(
                List.of(),
                "-importcert",
                "-noprompt",
                "-alias",
                name,
                "-file",
                name + "-chain.pem",
                "-keystore",
                keystore);
        return dir.resolve(keystore);
    }

    /**
     * A TLS context (for a client, or a test server) trusting {@code trusted}'s authority (the JDK's CAs if null) and
     * presenting the certificate in {@code keystore} (none if null).
     */
    public static SSLContext tlsContext(TestCertificates trusted, Path keystore)
            throws IOException, GeneralSecurityException {
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted == null ? null : load(trusted.truststore()));
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(keystore == null ? null : load(keystore), PASSWORD.toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keystore == null ? null : keys.getKeyManagers(), trust.getTrustManagers(), null);
        return context;
    }

    private static KeyStore load(Path path) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(path)) {
            store.load(in, PASSWORD.toCharArray());
        }
        return store;
    }

    private void keytool(List<String> options, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-storetype",
                "PKCS12",
                "-storepass",
                PASSWORD));
        command.addAll(List.of(args));
        command.addAll(options);
        Process process = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException("keytool " + String.join(" ", args) + " failed: " + output);
        }
    }
}
