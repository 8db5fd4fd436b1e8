package io.orderseos.http;

import io.orderseos.config.HttpSecurityConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.UnrecoverableKeyException;
import java.util.Collections;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/**
 * The HTTP API's one {@link SSLContext}: it serves this instance's certificate, checks client
 * certificates against the truststore, and, when forwarding to another instance, checks that
 * instance's certificate against the same truststore and presents this instance's certificate as a
 * client certificate. The key stores are read once, at start: a rotated certificate takes effect
 * after a restart.
 */
final class Tls {
    private Tls() {}

    /**
     * @throws ConfigException naming the key, if a key store is missing, unreadable, of another type,
     *     opened with the wrong password, or holds nothing usable
     */
    static SSLContext context(HttpSecurityConfig config) {
        KeyStore keystore = load(
                HttpSecurityConfig.TLS_KEYSTORE_LOCATION,
                config.keystoreLocation(),
                config.keystoreType(),
                HttpSecurityConfig.TLS_KEYSTORE_PASSWORD,
                config.keystorePassword());
        String keyPasswordKey = config.keyPassword() == config.keystorePassword()
                ? HttpSecurityConfig.TLS_KEYSTORE_PASSWORD
                : HttpSecurityConfig.TLS_KEY_PASSWORD;
        try {
            if (Collections.list(keystore.aliases()).stream().noneMatch(alias -> isKeyEntry(keystore, alias))) {
                throw new ConfigException(
                        HttpSecurityConfig.TLS_KEYSTORE_LOCATION,
                        config.keystoreLocation(),
                        "holds no private key (a certificate alone cannot serve TLS)");
            }
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            try {
                keys.init(keystore, config.keyPassword().value().toCharArray());
            } catch (UnrecoverableKeyException e) {
                throw new ConfigException(keyPasswordKey, Password.HIDDEN, "cannot unlock the private key with it");
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            if (config.truststoreLocation() == null) {
                trust.init((KeyStore) null); // the JDK's CAs: enough to check other instances' public certificates
            } else {
                KeyStore truststore = load(
                        HttpSecurityConfig.TLS_TRUSTSTORE_LOCATION,
                        config.truststoreLocation(),
                        config.truststoreType(),
                        HttpSecurityConfig.TLS_TRUSTSTORE_PASSWORD,
                        config.truststorePassword());
                if (truststore.size() == 0) {
                    throw new ConfigException(
                            HttpSecurityConfig.TLS_TRUSTSTORE_LOCATION,
                            config.truststoreLocation(),
                            config.truststorePassword() == null
                                    ? "holds no certificate that can be read without "
                                            + HttpSecurityConfig.TLS_TRUSTSTORE_PASSWORD
                                    : "holds no certificate");
                }
                trust.init(truststore);
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new ConfigException(
                    HttpSecurityConfig.TLS_KEYSTORE_LOCATION,
                    config.keystoreLocation(),
                    "cannot set up TLS with it: " + e.getMessage());
        }
    }

    private static boolean isKeyEntry(KeyStore keystore, String alias) {
        try {
            return keystore.isKeyEntry(alias);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static KeyStore load(
            String locationKey, String location, String type, String passwordKey, Password password) {
        Path path = Path.of(location);
        if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
            throw new ConfigException(locationKey, location, "no such readable file");
        }
        try (InputStream in = Files.newInputStream(path)) {
            KeyStore store = KeyStore.getInstance(type);
            store.load(in, password == null ? null : password.value().toCharArray());
            return store;
        } catch (IOException e) {
            if (e.getCause() instanceof UnrecoverableKeyException) {
                throw new ConfigException(passwordKey, Password.HIDDEN, "wrong password for " + location);
            }
            throw new ConfigException(
                    locationKey, location, "cannot read it as a " + type + " store: " + e.getMessage());
        } catch (GeneralSecurityException e) {
            throw new ConfigException(locationKey, location, "cannot read it as a " + type + " store: " + e);
        }
    }
}
