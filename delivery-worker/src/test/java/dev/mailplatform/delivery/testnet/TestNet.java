package dev.mailplatform.delivery.testnet;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.mailplatform.testkit.TempDirectories;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The DNS server, SMTP peer and MTA-STS policy server (HTTPS) shared by the Quarkus tests of one JVM; the app's
 * config points at them. The peer and the policy server share one self-signed certificate, which the relay is told
 * to trust, valid for the names below and nothing else.
 */
public final class TestNet {
    public static final List<String> CERTIFICATE_NAMES = List.of("mx.test", "127.0.0.1", "mx.sts.test",
            "mta-sts.sts.test", "mta-sts.stscert.test", "mta-sts.stsbad.test");
    private static Path certificate;
    private static TestDnsServer dns;
    private static TestSmtpPeer peer;
    private static HttpsServer policyServer;
    private static final Map<String, String> policies = new ConcurrentHashMap<>();

    private TestNet() {
    }

    public static synchronized Path certificate() {
        if (certificate == null) {
            try {
                // shared by every test class of the JVM: deleted when it exits
                Path dir = TempDirectories.deleteOnExit(Files.createTempDirectory("testnet-tls"));
                certificate = TestSmtpPeer.selfSigned(dir, CERTIFICATE_NAMES);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        return certificate;
    }

    public static synchronized TestDnsServer dns() {
        if (dns == null) {
            try {
                dns = new TestDnsServer();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        return dns;
    }

    public static synchronized TestSmtpPeer peer() {
        if (peer == null) {
            try {
                Path cert = certificate();
                peer = new TestSmtpPeer(cert, cert.resolveSibling("peer-key.pem"));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        return peer;
    }

    /** Port of the HTTPS server that serves /.well-known/mta-sts.txt by Host header. */
    public static synchronized int policyPort() {
        if (policyServer == null) {
            try {
                Path cert = certificate();
                policyServer = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
                policyServer.setHttpsConfigurator(new HttpsConfigurator(
                        TestSmtpPeer.serverContext(cert, cert.resolveSibling("peer-key.pem"))));
                policyServer.createContext("/.well-known/mta-sts.txt", exchange -> {
                    String host = exchange.getRequestHeaders().getFirst("Host");
                    String body = host == null ? null : policies.get(host.replaceAll(":\\d+$", ""));
                    byte[] bytes = (body == null ? "not found" : body).getBytes(StandardCharsets.UTF_8);
                    exchange.getResponseHeaders().add("Content-Type", "text/plain");
                    exchange.sendResponseHeaders(body == null ? 404 : 200, bytes.length);
                    exchange.getResponseBody().write(bytes);
                    exchange.close();
                });
                policyServer.start();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        return policyServer.getAddress().getPort();
    }

    /** Publishes a policy for {@code domain} at mta-sts.{@code domain}. */
    public static void policy(String domain, String body) {
        policies.put("mta-sts." + domain, body);
    }
}
