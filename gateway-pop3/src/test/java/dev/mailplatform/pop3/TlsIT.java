/* Mail platform. Licensed under the Apache License 2.0. */
package dev.mailplatform.pop3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mailplatform.blobstore.BlobStore;
import dev.mailplatform.pop3.server.Pop3Server;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** STLS (RFC 2595 §4) and implicit TLS (RFC 8314 §3.3) with the JDK's TLS client, verifying the certificate. */
@QuarkusTest
@QuarkusTestResource(value = Pop3TestResource.class, restrictToAnnotatedClass = false)
class TlsIT {
    @Inject
    Pop3Server server;
    @Inject
    BlobStore blobs;

    @Test
    void implicitTlsServesTheWholeSessionEncrypted() {
        MailFixture mail = MailFixture.create(blobs);
        try (var pop = Pop3TestClient.connectTls(server.tlsPort(), server.certificate())) {
            assertThat(pop.command("CAPA")).startsWith("+OK");
            assertThat(pop.readMultiline()).contains("USER\r\n", "SASL PLAIN LOGIN\r\n").doesNotContain("STLS");
            assertThat(pop.command("STLS")).isEqualTo("-ERR TLS already active");
            assertThat(pop.login(mail.address(), mail.password())).startsWith("+OK maildrop has 2 messages");
            assertThat(pop.command("RETR 1")).isEqualTo("+OK " + mail.first().length + " octets");
            assertThat(new String(pop.readMultilineRaw(), StandardCharsets.US_ASCII))
                    .isEqualTo(MailFixture.stuffed(mail.first()));
            assertThat(pop.command("QUIT")).isEqualTo("+OK bye");
        }
    }

    @Test
    void stlsUpgradesThenTheSessionStartsOver() {
        MailFixture mail = MailFixture.create(blobs);
        try (var pop = Pop3TestClient.connect(server.port())) {
            assertThat(pop.command("CAPA")).startsWith("+OK");
            assertThat(pop.readMultiline()).contains("STLS\r\n");
            assertThat(pop.command("USER " + mail.address())).startsWith("+OK");
            assertThat(pop.command("STLS")).isEqualTo("+OK begin TLS negotiation");
            var session = pop.handshake(server.certificate());
            assertThat(session.getProtocol()).isIn("TLSv1.2", "TLSv1.3");
            // RFC 2595 §4: the USER given in clear is forgotten
            assertThat(pop.command("PASS " + mail.password())).isEqualTo("-ERR USER first");
            assertThat(pop.command("CAPA")).startsWith("+OK");
            assertThat(pop.readMultiline()).doesNotContain("STLS");
            assertThat(pop.command("STLS")).isEqualTo("-ERR TLS already active");
            assertThat(pop.login(mail.address(), mail.password())).startsWith("+OK maildrop has 2 messages");
            assertThat(pop.command("STAT")).isEqualTo("+OK 2 " + mail.totalOctets());
        }
    }

    @Test
    void commandsPipelinedAfterStlsAreNeverExecuted() {
        MailFixture mail = MailFixture.create(blobs);
        try (var pop = Pop3TestClient.connect(server.port())) {
            // an attacker in the middle appends a login and a deletion to the client's STLS (CVE-2011-0411)
            pop.send("STLS\r\nUSER " + mail.address() + "\r\nPASS " + mail.password() + "\r\nDELE 1\r\nQUIT\r\n");
            assertThat(pop.readLine()).isEqualTo("+OK begin TLS negotiation");
            pop.handshake(server.certificate());
            assertThat(pop.command("STAT")).isEqualTo("-ERR STAT not allowed in this state");
            assertThat(pop.command("NOOP")).isEqualTo("-ERR NOOP not allowed in this state");
        }
        assertThat(mail.inbox()).hasSize(2);
    }

    @Test
    void stlsIsRefusedAfterLogin() {
        MailFixture mail = MailFixture.create(blobs);
        try (var pop = Pop3TestClient.connect(server.port())) {
            pop.login(mail.address(), mail.password());
            assertThat(pop.command("STLS")).isEqualTo("-ERR STLS not allowed in this state");
            assertThat(pop.command("CAPA")).startsWith("+OK");
            assertThat(pop.readMultiline()).doesNotContain("STLS", "USER", "SASL").contains("UIDL");
        }
    }

    @Test
    void aClientThatDoesNotTrustTheCertificateFailsTheHandshakeAndTheServerGoesOn(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path other) throws Exception {
        dev.mailplatform.tls.SelfSignedCertificates.write(other.resolve("cert.pem"), other.resolve("key.pem"),
                java.util.List.of("localhost"), java.time.Duration.ofDays(1));
        try (var pop = new Pop3TestClient(server.tlsPort())) {
            assertThatThrownBy(() -> pop.handshake(other.resolve("cert.pem")))
                    .hasCauseInstanceOf(javax.net.ssl.SSLHandshakeException.class);
        }
        try (var pop = Pop3TestClient.connectTls(server.tlsPort(), server.certificate())) {
            assertThat(pop.command("NOOP")).isEqualTo("-ERR NOOP not allowed in this state");
        }
    }
}
