package io.orderseos.http;

import static io.orderseos.config.HttpSecurityConfig.TLS_KEYSTORE_LOCATION;
import static io.orderseos.config.HttpSecurityConfig.TLS_KEYSTORE_PASSWORD;
import static io.orderseos.config.HttpSecurityConfig.TLS_KEY_PASSWORD;
import static io.orderseos.config.HttpSecurityConfig.TLS_TRUSTSTORE_LOCATION;
import static io.orderseos.config.HttpSecurityConfig.TLS_TRUSTSTORE_PASSWORD;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.orderseos.config.OrdersConfig;
import io.orderseos.testing.TestCertificates;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Key stores that cannot serve: the HTTP API refuses to start with a {@link ConfigException} naming
 * the key to fix (the app exits 2 with it), and never prints a password.
 */
class HttpKeyStoresIT {
    private static final String WRONG = "not-the-password-" + System.nanoTime();

    private static TestCertificates authority;
    private static Path keystore;

    @TempDir
    Path dir;

    @BeforeAll
    static void makeCertificates() throws Exception {
        authority = TestCertificates.authority("ca");
        keystore = authority.keystore("instance");
    }

    @Test
    void goodKeyStoresServe() {
        assertThatCode(() -> build(Map.of())).doesNotThrowAnyException();
    }

    @Test
    void aMissingKeystoreNamesItsLocation() {
        assertRefused(Map.of(TLS_KEYSTORE_LOCATION, dir.resolve("missing.p12").toString()), TLS_KEYSTORE_LOCATION)
                .hasMessageContaining("missing.p12");
    }

    @Test
    void aWrongKeystorePasswordNamesThePasswordWithoutPrintingIt() {
        assertRefused(Map.of(TLS_KEYSTORE_PASSWORD, WRONG), TLS_KEYSTORE_PASSWORD)
                .hasMessageContaining("wrong password");
    }

    @Test
    void aWrongKeyPasswordNamesIt() {
        assertRefused(Map.of(TLS_KEY_PASSWORD, WRONG), TLS_KEY_PASSWORD);
    }

    @Test
    void aKeystoreWithoutAPrivateKeyIsRefused() {
        assertRefused(Map.of(TLS_KEYSTORE_LOCATION, authority.truststore().toString()), TLS_KEYSTORE_LOCATION)
                .hasMessageContaining("no private key");
    }

    @Test
    void aFileThatIsNoKeystoreIsRefused() throws Exception {
        Path pem = Files.writeString(dir.resolve("http.pem"), "-----BEGIN CERTIFICATE-----\n");

        assertRefused(Map.of(TLS_KEYSTORE_LOCATION, pem.toString()), TLS_KEYSTORE_LOCATION)
                .hasMessageContaining("PKCS12");
    }

    @Test
    void aWrongTruststorePasswordNamesIt() {
        assertRefused(Map.of(TLS_TRUSTSTORE_PASSWORD, WRONG), TLS_TRUSTSTORE_PASSWORD);
    }

    @Test
    void aMissingTruststoreNamesItsLocation() {
        assertRefused(Map.of(TLS_TRUSTSTORE_LOCATION, dir.resolve("nowhere.p12").toString()), TLS_TRUSTSTORE_LOCATION);
    }

    private org.assertj.core.api.AbstractThrowableAssert<?, ? extends Throwable> assertRefused(
            Map<String, String> change, String key) {
        return assertThatThrownBy(() -> build(change))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(key)
                .hasMessageNotContaining(WRONG)
                .hasMessageNotContaining(TestCertificates.PASSWORD);
    }

    private static void build(Map<String, String> change) throws Exception {
        Map<String, String> settings = new HashMap<>(Map.of(
                TLS_KEYSTORE_LOCATION,
                keystore.toString(),
                TLS_KEYSTORE_PASSWORD,
                TestCertificates.PASSWORD,
                TLS_TRUSTSTORE_LOCATION,
                authority.truststore().toString(),
                TLS_TRUSTSTORE_PASSWORD,
                TestCertificates.PASSWORD));
        settings.putAll(change);
        OrdersConfig config = OrdersConfig.of(settings);
        new HttpApi(
                        new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                        Duration.ofSeconds(2),
                        config.httpSecurity())
                .close();
    }
}
