package dev.mailplatform.delivery.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mailplatform.delivery.testnet.TestSmtpPeer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SMTP client against a real SMTP server on loopback. */
class SmtpConnectionTest {
    private static final byte[] MESSAGE = ("From: a@acme.test\r\nTo: x@remote.test\r\nSubject: dots\r\n\r\n"
            + "line one\r\n.leading dot\r\n..two dots\r\n8bit: gr\u00fc\u00dfe\r\n")
            .getBytes(StandardCharsets.UTF_8);

    private TestSmtpPeer peer;
    private SmtpConnection.Settings settings;
    /** The peer's certificate and key, deleted by JUnit after each test. */
    @TempDir
    Path dir;

    @BeforeEach
    void start() throws Exception {
        peer = new TestSmtpPeer(dir);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, new TrustManager[] {new X509TrustManager() {
            public void checkClientTrusted(X509Certificate[] c, String a) {
            }

            public void checkServerTrusted(X509Certificate[] c, String a) {
            }

            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }}, new SecureRandom());
        // authenticated TLS trusts exactly the peer's self-signed certificate (valid for mx.test and 127.0.0.1)
        java.security.KeyStore trust = java.security.KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (var in = Files.newInputStream(dir.resolve("peer-cert.pem"))) {
            trust.setCertificateEntry("peer",
                    java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance("PKIX");
        tmf.init(trust);
        SSLContext validating = SSLContext.getInstance("TLS");
        validating.init(null, tmf.getTrustManagers(), null);
        settings = new SmtpConnection.Settings("relay.test", true, Duration.ofSeconds(2), Duration.ofSeconds(2),
                Duration.ofSeconds(5), 2048, ctx.getSocketFactory(), validating.getSocketFactory());
    }

    @AfterEach
    void stop() {
        peer.close();
    }

    private SmtpEnvelope envelope(List<String> rcpts) {
        return new SmtpEnvelope("a@acme.test", rcpts, MESSAGE.length, true, false, "ENV1", "HDRS",
                Map.of("x@remote.test", "FAILURE,DELAY"), Map.of("x@remote.test", "rfc822;x@remote.test"));
    }

    private SmtpConnection open(String ip) throws Exception {
        return SmtpConnection.open(settings, "mx.remote.test", new InetSocketAddress(ip, peer.port()), true);
    }

    @Test
    void startTlsPipeliningAndTheExactBytes() throws Exception {
        peer.script("bad@remote.test", "550 5.1.1 no such user").script("later@remote.test", "451 4.2.0 later");
        try (SmtpConnection c = open("127.0.0.1")) {
            assertThat(c.tls()).isTrue();
            assertThat(c.capabilities().has("PIPELINING")).isTrue();
            // after STARTTLS the peer no longer offers it: the capabilities are those of the second EHLO
            assertThat(c.capabilities().has("STARTTLS")).isFalse();
            Map<String, RecipientOutcome> out = c.send(envelope(List.of("x@remote.test", "bad@remote.test",
                    "later@remote.test")), DataEncoder.encode(MESSAGE));
            assertThat(out.get("x@remote.test").kind()).isEqualTo(RecipientOutcome.Kind.DELIVERED);
            assertThat(out.get("bad@remote.test").kind()).isEqualTo(RecipientOutcome.Kind.FAILED);
            assertThat(out.get("bad@remote.test").status()).isEqualTo("5.1.1");
            assertThat(out.get("bad@remote.test").diagnostic()).isEqualTo("smtp; 550 5.1.1 no such user");
            assertThat(out.get("later@remote.test").kind()).isEqualTo(RecipientOutcome.Kind.DEFERRED);
            assertThat(out.get("later@remote.test").status()).isEqualTo("4.2.0");
        }
        assertThat(peer.deliveries()).hasSize(1);
        TestSmtpPeer.Delivery d = peer.deliveries().get(0);
        assertThat(d.tls()).isTrue();
        assertThat(d.pipelined()).isTrue();
        assertThat(d.recipients()).containsExactly("x@remote.test");
        assertThat(d.data()).isEqualTo(MESSAGE);
        assertThat(d.mailParams()).contains("SIZE=" + MESSAGE.length).contains("BODY=8BITMIME").contains("RET=HDRS")
                .contains("ENVID=ENV1");
    }

    @Test
    void lockStepWithoutPipeliningAndPlainWithoutStartTls() throws Exception {
        peer.pipelining(false).starttls(false);
        try (SmtpConnection c = open("127.0.0.1")) {
            assertThat(c.tls()).isFalse();
            Map<String, RecipientOutcome> out = c.send(envelope(List.of("x@remote.test")),
                    DataEncoder.encode(MESSAGE));
            assertThat(out.get("x@remote.test").kind()).isEqualTo(RecipientOutcome.Kind.DELIVERED);
        }
        assertThat(peer.deliveries().get(0).pipelined()).isFalse();
        assertThat(peer.deliveries().get(0).data()).isEqualTo(MESSAGE);
    }

    @Test
    void everyRecipientRefusedMeansNoMessageIsSent() throws Exception {
        peer.script("a@remote.test", "550 5.1.1 no").script("b@remote.test", "452 4.2.2 full");
        try (SmtpConnection c = open("127.0.0.1")) {
            Map<String, RecipientOutcome> out = c.send(envelope(List.of("a@remote.test", "b@remote.test")),
                    DataEncoder.encode(MESSAGE));
            assertThat(out.get("a@remote.test").kind()).isEqualTo(RecipientOutcome.Kind.FAILED);
            assertThat(out.get("b@remote.test").kind()).isEqualTo(RecipientOutcome.Kind.DEFERRED);
            // the connection is still usable for the next message
            out = c.send(envelope(List.of("x@remote.test")), DataEncoder.encode(MESSAGE));
            assertThat(out.get("x@remote.test").kind()).isEqualTo(RecipientOutcome.Kind.DELIVERED);
        }
        assertThat(peer.deliveries()).hasSize(1);
    }

    @Test
    void pooledConnectionCarriesSeveralMessages() throws Exception {
        ConnectionPool pool = new ConnectionPool(Duration.ofSeconds(30), 100);
        InetSocketAddress target = new InetSocketAddress("127.0.0.1", peer.port());
        SmtpConnection first = open("127.0.0.1");
        first.send(envelope(List.of("x@remote.test")), DataEncoder.encode(MESSAGE));
        pool.release(first);
        SmtpConnection again = pool.take("mx.remote.test", target);
        assertThat(again).isSameAs(first);
        assertThat(pool.take("other.mx.test", target)).as("pooled per MX host").isNull();
        again.send(envelope(List.of("x@remote.test")), DataEncoder.encode(MESSAGE));
        pool.release(again);
        pool.close();
        assertThat(peer.deliveries()).extracting(TestSmtpPeer.Delivery::connection).containsOnly(
                peer.deliveries().get(0).connection());
        assertThat(peer.deliveries()).extracting(TestSmtpPeer.Delivery::transactionOnConnection).containsExactly(1, 2);
    }

    @Test
    void authenticatedTlsChecksTheCertificateAgainstTheMxNameAndNeverFallsBack() throws Exception {
        InetSocketAddress target = new InetSocketAddress("127.0.0.1", peer.port());
        try (SmtpConnection c = SmtpConnection.open(settings, "mx.test", target, true, true)) {
            assertThat(c.tls()).isTrue();
            assertThat(c.authenticated()).isTrue();
        }
        assertThatThrownBy(() -> SmtpConnection.open(settings, "mx.other.test", target, true, true))
                .isInstanceOf(SmtpConnection.ConnectFailure.class).hasMessageContaining("MTA-STS")
                .satisfies(e -> assertThat(((SmtpConnection.ConnectFailure) e).tlsHandshake()).isFalse());
        peer.starttls(false);
        assertThatThrownBy(() -> SmtpConnection.open(settings, "mx.test", target, true, true))
                .isInstanceOf(SmtpConnection.ConnectFailure.class).hasMessageContaining("does not offer STARTTLS");
    }

    @Test
    void greetingRefusalAndStallAreConnectionFailures() throws Exception {
        peer.refuseOn("127.0.0.5");
        assertThatThrownBy(() -> open("127.0.0.5")).isInstanceOf(SmtpConnection.ConnectFailure.class)
                .hasMessageContaining("421");
        peer.stall("slow@remote.test", Duration.ofSeconds(4));
        try (SmtpConnection c = open("127.0.0.1")) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> c.send(envelope(List.of("slow@remote.test")), DataEncoder.encode(MESSAGE)))
                    .isInstanceOf(java.net.SocketTimeoutException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
        }
    }
}
