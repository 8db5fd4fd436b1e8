package io.orderseos.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Key and trust stores for TLS tests, made by the JDK's own {@code keytool} (no library needed): a
 * self-signed broker certificate for {@code localhost} / {@code 127.0.0.1}, so clients can verify
 * the host name, a self-signed client certificate for mutual TLS, and one PKCS12 trust store that
 * trusts both. EC P-256 keys, valid for two days: made fresh for each test run.
 *
 * @param broker the broker's key store (private key and certificate, alias {@code broker})
 * @param client the client's key store (alias {@code client}, subject {@code CN=<client name>})
 * @param truststore trusts the broker and the client certificate
 * @param password the password of all three stores and of their keys
 */
public record TestCertificates(Path broker, Path client, Path truststore, String password) {
    private static final long KEYTOOL_TIMEOUT_SECONDS = 60;
    private static final String PASSWORD_VARIABLE = "TEST_STORE_PASSWORD";

    /** Makes the three stores in {@code dir}; the client certificate's subject is {@code CN=clientName}. */
    public static TestCertificates create(Path dir, String clientName, String password)
            throws IOException, InterruptedException {
        TestCertificates stores = new TestCertificates(
                dir.resolve("broker.p12"), dir.resolve("client.p12"), dir.resolve("truststore.p12"), password);
        // The two key pairs are independent: make them side by side (keytool is a JVM start each time).
        CompletableFuture<Path> broker = CompletableFuture.supplyAsync(() -> keyPair(
                dir, stores.broker, "broker", "CN=localhost", password, "-ext", "SAN=dns:localhost,ip:127.0.0.1"));
        CompletableFuture<Path> client = CompletableFuture.supplyAsync(
                () -> keyPair(dir, stores.client, "client", "CN=" + clientName, password));
        try {
            importCertificate(stores.truststore, broker.get(), "broker", password, dir);
            importCertificate(stores.truststore, client.get(), "client", password, dir);
        } catch (ExecutionException e) {
            throw new IOException("cannot make the test certificates", e.getCause());
        }
        return stores;
    }

    /** A key store with a self-signed key pair; returns its certificate as a PEM file. */
    private static Path keyPair(Path dir, Path store, String alias, String subject, String password, String... extra) {
        List<String> generate = new ArrayList<>(
                List.of("-dname", subject, "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2"));
        generate.addAll(List.of(extra));
        Path pem = dir.resolve(alias + ".pem");
        try {
            keytool(dir, "-genkeypair", store, alias, password, generate);
            keytool(dir, "-exportcert", store, alias, password, List.of("-rfc", "-file", pem.toString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        return pem;
    }

    /** Adds the certificate in {@code pem} to {@code truststore} as a trusted entry. */
    private static void importCertificate(Path truststore, Path pem, String alias, String password, Path dir)
            throws IOException, InterruptedException {
        keytool(dir, "-importcert", truststore, alias, password, List.of("-noprompt", "-file", pem.toString()));
    }

    /**
     * Runs one keytool command on the PKCS12 store {@code store}, entry {@code alias}; the password goes
     * through the environment, never the command line.
     */
    private static void keytool(Path dir, String command, Path store, String alias, String password, List<String> more)
            throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                command,
                "-keystore",
                store.toString(),
                "-storetype",
                "PKCS12",
                "-storepass:env",
                PASSWORD_VARIABLE,
                "-alias",
                alias));
        args.addAll(more);
        Path log = dir.resolve("keytool-" + alias + ".log");
        ProcessBuilder builder =
                new ProcessBuilder(args).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put(PASSWORD_VARIABLE, password);
        Process process = builder.start();
        process.getOutputStream().close();
        if (!process.waitFor(KEYTOOL_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("keytool " + command + " did not finish within " + KEYTOOL_TIMEOUT_SECONDS + " s");
        }
        if (process.exitValue() != 0) {
            throw new IOException("keytool " + command + " failed (exit " + process.exitValue() + "): "
                    + Files.readString(log, StandardCharsets.UTF_8));
        }
    }
}
