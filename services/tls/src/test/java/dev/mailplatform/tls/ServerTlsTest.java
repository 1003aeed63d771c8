package dev.mailplatform.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real TLS handshakes over loopback sockets against a Vert.x server. */
class ServerTlsTest {
    @TempDir
    Path dir;
    private Vertx vertx;
    private TlsSettings settings;

    @BeforeEach
    void setUp() {
        vertx = Vertx.vertx();
        settings = TlsSettings.configuredOrSelfSigned(null, null, dir, List.of("localhost", "127.0.0.1"));
    }

    @AfterEach
    void tearDown() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private NetServer listen(boolean implicit) throws Exception {
        NetServerOptions options = ServerTls.configure(new NetServerOptions().setHost("127.0.0.1").setPort(0),
                settings, implicit);
        NetServer server = vertx.createNetServer(options).connectHandler(socket -> {
            socket.write("hello\r\n");
            socket.handler(buf -> {
                if (buf.toString(StandardCharsets.US_ASCII).startsWith("STARTTLS")) {
                    socket.write("go ahead\r\n").onSuccess(v -> socket.upgradeToSsl()
                            .onSuccess(x -> socket.write("secure\r\n")));
                }
            });
        });
        return server.listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private SSLContext trusting(Path certFile) throws Exception {
        X509Certificate cert;
        try (InputStream in = Files.newInputStream(certFile)) {
            cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("server", cert);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }

    private static String readLine(InputStream in) throws Exception {
        StringBuilder sb = new StringBuilder();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            if (b != '\r') {
                sb.append((char) b);
            }
        }
        return sb.toString();
    }

    @Test
    void implicitTlsNegotiatesModernProtocolWithTheConfiguredCertificate() throws Exception {
        NetServer server = listen(true);
        try (SSLSocket socket = (SSLSocket) trusting(settings.certificate()).getSocketFactory()
                .createSocket("127.0.0.1", server.actualPort())) {
            socket.startHandshake();
            assertThat(socket.getSession().getProtocol()).isIn("TLSv1.2", "TLSv1.3");
            assertThat(readLine(socket.getInputStream())).isEqualTo("hello");
        }
    }

    @Test
    void refusesTls11() throws Exception {
        NetServer server = listen(true);
        SSLContext ctx = trusting(settings.certificate());
        try (SSLSocket socket = (SSLSocket) ctx.getSocketFactory().createSocket("127.0.0.1", server.actualPort())) {
            socket.setEnabledProtocols(new String[] {"TLSv1.1"});
            assertThatThrownBy(socket::startHandshake).isInstanceOf(javax.net.ssl.SSLException.class);
        } catch (IllegalArgumentException e) {
            // this JDK no longer implements TLS 1.1 at all: nothing can negotiate it either
        }
    }

    @Test
    void startTlsUpgradesAPlainConnection() throws Exception {
        NetServer server = listen(false);
        try (Socket plain = new Socket("127.0.0.1", server.actualPort())) {
            InputStream in = plain.getInputStream();
            assertThat(readLine(in)).isEqualTo("hello");
            plain.getOutputStream().write("STARTTLS\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(readLine(in)).isEqualTo("go ahead");
            try (SSLSocket tls = (SSLSocket) trusting(settings.certificate()).getSocketFactory()
                    .createSocket(plain, "127.0.0.1", server.actualPort(), true)) {
                tls.startHandshake();
                assertThat(readLine(tls.getInputStream())).isEqualTo("secure");
            }
        }
    }

    @Test
    void reloadServesANewCertificateWithoutRestart() throws Exception {
        NetServer server = listen(true);
        X509Certificate before = servedCertificate(server, settings.certificate());
        X509Certificate renewed = SelfSignedCertificates.write(settings.certificate(), settings.privateKey(),
                List.of("localhost", "127.0.0.1"), Duration.ofDays(30));
        ServerTls.reload(server, settings).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        X509Certificate after = servedCertificate(server, settings.certificate());
        assertThat(after.getSerialNumber()).isEqualTo(renewed.getSerialNumber())
                .isNotEqualTo(before.getSerialNumber());
    }

    private X509Certificate servedCertificate(NetServer server, Path trusted) throws Exception {
        try (SSLSocket socket = (SSLSocket) trusting(trusted).getSocketFactory()
                .createSocket("127.0.0.1", server.actualPort())) {
            socket.startHandshake();
            return (X509Certificate) socket.getSession().getPeerCertificates()[0];
        } catch (SSLHandshakeException e) {
            throw new AssertionError("handshake failed", e);
        }
    }

    @Test
    void keepsAnExistingCertificate() throws Exception {
        byte[] first = Files.readAllBytes(settings.certificate());
        TlsSettings again = TlsSettings.configuredOrSelfSigned("", "", dir, List.of("localhost"));
        assertThat(Files.readAllBytes(again.certificate())).isEqualTo(first);
        assertThat(Buffer.buffer(first).toString()).startsWith("-----BEGIN CERTIFICATE-----");
    }
}
