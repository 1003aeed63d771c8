package dev.mailplatform.imap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailplatform.blobstore.BlobStore;
import dev.mailplatform.imap.config.ImapConfig;
import dev.mailplatform.imap.server.ImapNode;
import dev.mailplatform.imap.server.ImapServer;
import dev.mailplatform.mailboxclient.MailboxClient;
import dev.mailplatform.testkit.Infrastructure;
import dev.mailplatform.testkit.MailboxServiceProcess;
import dev.mailplatform.tls.TlsSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * STARTTLS and IMAPS with the shared TLS support, LOGINDISABLED before TLS when plaintext authentication is off,
 * AUTHENTICATE PLAIN/LOGIN with and without SASL-IR, and COMPRESS=DEFLATE, all over real sockets.
 */
@QuarkusTest
@QuarkusTestResource(value = ImapTestResource.class, restrictToAnnotatedClass = false)
class TlsAndAuthIT {
    private static TestMailboxes box;
    private static Vertx strictVertx;
    private static ImapNode strictNode;
    private static MailboxClient strictClient;
    /** The strict node's self-signed certificate: JUnit deletes it after {@link #stop()}. */
    @TempDir
    static Path strictTlsDir;

    @Inject
    ImapServer server;
    @Inject
    ImapConfig config;
    @Inject
    BlobStore blobStore;

    @BeforeAll
    static void account() {
        box = TestMailboxes.create("imap-tls");
    }

    @AfterAll
    static void stop() {
        if (strictNode != null) {
            strictNode.close();
            strictClient.close();
            strictVertx.close();
        }
    }

    @Test
    void starttlsIsRequiredForLoginWhenPlaintextIsOff() throws Exception {
        ImapNode node = strictNode();
        try (ImapTestClient c = new ImapTestClient(node.port())) {
            String greeting = c.readLine();
            assertThat(greeting).contains(" STARTTLS ").contains(" LOGINDISABLED ").doesNotContain("AUTH=PLAIN");
            assertThat(c.tagged("a1", box.login()))
                    .startsWith("a1 NO [PRIVACYREQUIRED] LOGIN is disabled on unencrypted connections");
            assertThat(c.tagged("a2", "AUTHENTICATE PLAIN " + plain()))
                    .startsWith("a2 NO [PRIVACYREQUIRED]");
            // pipelined after STARTTLS: must be discarded, never executed after the handshake
            c.send("a3 STARTTLS\r\na4 " + box.login() + "\r\n");
            assertThat(c.readLine()).isEqualTo("a3 OK Begin TLS negotiation now");
            assertThat(c.startTls()).startsWith("TLSv1.");
            List<String> caps = c.command("a5", "CAPABILITY");
            assertThat(caps.get(0)).contains("AUTH=PLAIN").doesNotContain("STARTTLS").doesNotContain("LOGINDISABLED");
            assertThat(caps.get(1)).isEqualTo("a5 OK CAPABILITY completed"); // a4 was never answered
            assertThat(c.tagged("a6", "STARTTLS")).isEqualTo("a6 BAD TLS is already active");
            assertThat(c.tagged("a7", box.login())).endsWith("LOGIN completed");
        }
    }

    @Test
    void imapsSpeaksTlsFromTheFirstOctet() throws IOException {
        assertThat(server.tlsPort()).isPositive();
        try (ImapTestClient c = new ImapTestClient(server.tlsPort(), true)) {
            assertThat(c.readLine()).startsWith("* OK [CAPABILITY IMAP4rev1").doesNotContain("STARTTLS");
            assertThat(c.tagged("t1", box.login())).endsWith("LOGIN completed");
            assertThat(c.command("t2", "SELECT INBOX")).last().asString().endsWith("SELECT completed");
        }
    }

    @Test
    void authenticatePlainAndLogin() throws IOException {
        try (ImapTestClient c = connect()) {
            assertThat(c.tagged("p1", "AUTHENTICATE PLAIN " + plain())).startsWith("p1 OK [CAPABILITY ")
                    .endsWith("AUTHENTICATE completed");
        }
        try (ImapTestClient c = connect()) {
            c.send("p2 AUTHENTICATE PLAIN\r\n");
            assertThat(c.readLine()).isEqualTo("+ ");
            c.send(plain() + "\r\n");
            assertThat(c.readUntilTagged("p2")).last().asString().endsWith("AUTHENTICATE completed");
        }
        try (ImapTestClient c = connect()) {
            c.send("p3 AUTHENTICATE LOGIN\r\n");
            assertThat(c.readLine()).isEqualTo("+ VXNlcm5hbWU6");
            c.send(b64(box.address) + "\r\n");
            assertThat(c.readLine()).isEqualTo("+ UGFzc3dvcmQ6");
            c.send(b64(TestMailboxes.PASSWORD) + "\r\n");
            assertThat(c.readUntilTagged("p3")).last().asString().endsWith("AUTHENTICATE completed");
        }
        try (ImapTestClient c = connect()) {
            c.send("p4 AUTHENTICATE PLAIN\r\n");
            c.readLine();
            c.send("*\r\n");
            assertThat(c.readUntilTagged("p4")).containsExactly("p4 BAD Authentication cancelled");
            assertThat(c.tagged("p5", "AUTHENTICATE PLAIN " + b64("\0" + box.address + "\0wrong")))
                    .isEqualTo("p5 NO [AUTHENTICATIONFAILED] Invalid credentials");
            assertThat(c.tagged("p6", "AUTHENTICATE CRAM-MD5"))
                    .isEqualTo("p6 NO [CANNOT] Unsupported authentication mechanism");
            assertThat(c.tagged("p7", "AUTHENTICATE PLAIN !!!notbase64"))
                    .isEqualTo("p7 BAD Invalid base64 in authentication response");
        }
    }

    @Test
    void compressDeflate() throws Exception {
        box.deliver(box.message("compressed", "squeeze me\r\n".repeat(50)));
        try (ImapTestClient c = connect()) {
            assertThat(c.tagged("z1", box.login())).endsWith("LOGIN completed");
            assertThat(c.tagged("z2", "COMPRESS DEFLATE")).isEqualTo("z2 OK DEFLATE active");
            c.startCompression();
            assertThat(c.command("z3", "SELECT INBOX")).last().asString().endsWith("SELECT completed");
            List<String> fetch = c.command("z4", "FETCH 1 BODY.PEEK[TEXT]");
            assertThat(fetch.get(0)).contains("squeeze me\r\nsqueeze me");
            assertThat(c.tagged("z5", "COMPRESS DEFLATE")).isEqualTo("z5 NO [COMPRESSIONACTIVE] Compression is "
                    + "already active");
        }
    }

    private ImapTestClient connect() throws IOException {
        ImapTestClient c = new ImapTestClient(server.port());
        c.readLine();
        return c;
    }

    private static String plain() {
        return b64("\0" + box.address + "\0" + TestMailboxes.PASSWORD);
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    /** A node with its own certificate and plaintext authentication switched off, as production runs. */
    private synchronized ImapNode strictNode() throws Exception {
        if (strictNode == null) {
            ImapConfig strict = (ImapConfig) Proxy.newProxyInstance(ImapConfig.class.getClassLoader(),
                    new Class<?>[] {ImapConfig.class}, (proxy, method, args) -> switch (method.getName()) {
                        case "allowPlaintextAuth" -> false;
                        case "tlsPort" -> -1;
                        default -> method.invoke(config, args);
                    });
            TlsSettings tls = TlsSettings.configuredOrSelfSigned("", "", strictTlsDir,
                    List.of("localhost"));
            strictVertx = Vertx.vertx();
            MailboxServiceProcess mailbox = MailboxServiceProcess.shared();
            strictClient = new MailboxClient(strictVertx, mailbox.baseUrl(), mailbox.serviceToken());
            strictNode = new ImapNode(strictVertx, strict, strictClient, blobStore, new SimpleMeterRegistry(),
                    Infrastructure.shared().kafkaBootstrap(), tls, "strict").start();
        }
        return strictNode;
    }
}
