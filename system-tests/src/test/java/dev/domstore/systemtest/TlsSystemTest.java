package dev.domstore.systemtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.junit.jupiter.api.Test;

import dev.domstore.testsupport.AdminCredential;
import dev.domstore.testsupport.Prerequisites;
import dev.domstore.testsupport.ServiceProcess;
import dev.domstore.testsupport.TempDirs;

/**
 * TLS on the REST API, as docs/operations.md shows it: the packaged inventory with the profile {@code tls}
 * and a certificate and key (PEM) answers on HTTPS only, to a client that trusts the certificate, and
 * still asks for a token.
 */
class TlsSystemTest {

    @Test
    void theInventoryWithACertificateAndKeyAnswersOnHttpsOnly() throws Exception {
        Prerequisites.requireTool(TlsSystemTest.class, "openssl", "apt-get install -y openssl");
        Path keys = TempDirs.create("systest-tls");
        try (SystemStack stack = SystemStack.start("TlsSystemTest")) {
            Path cert = keys.resolve("cert.pem");
            Path key = keys.resolve("key.pem");
            run("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", key.toString(), "-out", cert.toString());
            ServiceProcess inventory = stack.launchInventory(Map.of("QUARKUS_PROFILE", "prod,tls",
                    "DOMSTORE_TLS_CERT", cert.toString(), "DOMSTORE_TLS_KEY", key.toString()));
            URI https = URI.create("https://127.0.0.1:" + inventory.port());
            HttpClient trusting = HttpClient.newBuilder().sslContext(trusting(cert)).connectTimeout(Duration.ofSeconds(5)).build();

            awaitReady(trusting, https.resolve("/q/health/ready"), inventory);
            HttpResponse<String> anonymous = get(trusting, https.resolve("/api/v1/hosts"), null);
            assertEquals(401, anonymous.statusCode(), anonymous.body());
            assertTrue(anonymous.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
            HttpResponse<String> admin = get(trusting, https.resolve("/api/v1/hosts"), AdminCredential.bearer());
            assertEquals(200, admin.statusCode(), admin.body());

            HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            assertThrows(IOException.class, () -> get(plain, URI.create("http://127.0.0.1:" + inventory.port() + "/q/health/ready"), null),
                    "plain HTTP on the same port is not answered");
            HttpClient untrusting = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            assertThrows(IOException.class, () -> get(untrusting, https.resolve("/q/health/ready"), null),
                    "a client that does not trust the certificate does not get through");
        } finally {
            TempDirs.deleteRecursively(keys);
        }
    }

    private static SSLContext trusting(Path cert) throws Exception {
        KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        trusted.load(null, null);
        try (InputStream in = Files.newInputStream(cert)) {
            trusted.setCertificateEntry("inventory", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }

    private static HttpResponse<String> get(HttpClient client, URI uri, String authorization) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void awaitReady(HttpClient client, URI health, ServiceProcess inventory) throws InterruptedException {
        Instant deadline = Instant.now().plus(SystemStack.HEALTH_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!inventory.isAlive()) {
                throw new AssertionError("The inventory exited; its log: " + inventory.log());
            }
            try {
                if (get(client, health, null).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new AssertionError("The inventory did not answer " + health + " within " + SystemStack.HEALTH_TIMEOUT + "; its log: " + inventory.log());
    }

    private static void run(String... argv) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(List.of(argv)).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertEquals(0, process.waitFor(), String.join(" ", argv) + ": " + output);
    }
}
