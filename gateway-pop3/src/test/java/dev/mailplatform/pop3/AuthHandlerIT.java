/* Mail platform. Licensed under the Apache License 2.0. */
package dev.mailplatform.pop3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailplatform.blobstore.BlobStore;
import dev.mailplatform.pop3.server.Pop3Server;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** AUTH (RFC 5034) with PLAIN and LOGIN, with and without initial response, over real sockets. */
@QuarkusTest
@QuarkusTestResource(value = Pop3TestResource.class, restrictToAnnotatedClass = false)
class AuthHandlerIT {
    @Inject
    Pop3Server server;
    @Inject
    BlobStore blobs;

    MailFixture mail;

    @BeforeEach
    void account() {
        mail = MailFixture.create(blobs);
    }

    @Test
    void plainWithInitialResponse() {
        try (var pop = Pop3TestClient.connect(server.port())) {
            assertThat(pop.command("AUTH PLAIN " + b64("\0" + mail.address() + "\0" + mail.password())))
                    .isEqualTo("+OK maildrop has 2 messages (" + mail.totalOctets() + " octets)");
            assertThat(pop.command("STAT")).isEqualTo("+OK 2 " + mail.totalOctets());
        }
    }

    @Test
    void plainWithChallengeAndAuthorizationIdentityEqualToTheUser() {
        try (var pop = Pop3TestClient.connect(server.port())) {
            assertThat(pop.command("AUTH PLAIN")).isEqualTo("+ ");
            assertThat(pop.command(b64(mail.address() + "\0" + mail.address() + "\0" + mail.password())))
                    .startsWith("+OK maildrop has 2 messages");
        }
    }

    @Test
    void loginMechanismAsksForUsernameThenPassword() {
        try (var pop = Pop3TestClient.connect(server.port())) {
            assertThat(pop.command("AUTH LOGIN")).isEqualTo("+ VXNlcm5hbWU6");
            assertThat(pop.command(b64(mail.address()))).isEqualTo("+ UGFzc3dvcmQ6");
            assertThat(pop.command(b64(mail.password()))).startsWith("+OK maildrop has 2 messages");
        }
        try (var pop = Pop3TestClient.connect(server.port())) {
            assertThat(pop.command("AUTH LOGIN " + b64(mail.address()))).isEqualTo("+ UGFzc3dvcmQ6");
            assertThat(pop.command(b64(mail.password()))).startsWith("+OK maildrop has 2 messages");
        }
    }

    @Test
    void wrongCredentialsGetAuthCodeAndTheSessionStaysInAuthorization() {
        try (var pop = Pop3TestClient.connect(server.port())) {
            assertThat(pop.command("AUTH PLAIN " + b64("\0" + mail.address() + "\0wrong")))
                    .isEqualTo("-ERR [AUTH] invalid credentials");
            assertThat(pop.command("AUTH PLAIN " + b64("someone-else\0" + mail.address() + "\0" + mail.password())))
                    .as("acting as another user is refused").isEqualTo("-ERR [AUTH] invalid credentials");
            assertThat(pop.command("STAT")).isEqualTo("-ERR STAT not allowed in this state");
            assertThat(pop.command("AUTH PLAIN " + b64("\0" + mail.address() + "\0" + mail.password())))
                    .startsWith("+OK");
        }
    }

    @Test
    void cancelMalformedAndUnknownMechanismsAreAnsweredAndTheSessionGoesOn() {
        try (var pop = Pop3TestClient.connect(server.port())) {
            assertThat(pop.command("AUTH")).isEqualTo("+OK supported mechanisms follow");
            assertThat(pop.readMultiline()).isEqualTo("PLAIN\r\nLOGIN\r\n.\r\n");
            assertThat(pop.command("AUTH CRAM-MD5")).isEqualTo("-ERR unsupported SASL mechanism CRAM-MD5");
            assertThat(pop.command("AUTH PLAIN")).isEqualTo("+ ");
            assertThat(pop.command("*")).isEqualTo("-ERR authentication cancelled");
            assertThat(pop.command("AUTH LOGIN")).startsWith("+ ");
            assertThat(pop.command(b64(mail.address()))).startsWith("+ ");
            assertThat(pop.command("*")).isEqualTo("-ERR authentication cancelled");
            assertThat(pop.command("AUTH PLAIN !!!")).isEqualTo("-ERR invalid base64 in SASL response");
            assertThat(pop.command("AUTH PLAIN " + b64("no separators"))).isEqualTo("-ERR malformed PLAIN response");
            assertThat(pop.command("AUTH PLAIN")).isEqualTo("+ ");
            assertThat(pop.command("A".repeat(5000))).isEqualTo("-ERR line too long (max 2048 octets)");
            assertThat(pop.command("NOOP")).as("back to commands").isEqualTo("-ERR NOOP not allowed in this state");
            // RFC 5034 §4: the AUTH line itself may exceed 255 octets
            String longPassword = "p".repeat(600);
            assertThat(pop.command("AUTH PLAIN " + b64("\0" + mail.address() + "\0" + longPassword)))
                    .isEqualTo("-ERR [AUTH] invalid credentials");
            assertThat(pop.command("AUTH PLAIN " + b64("\0" + mail.address() + "\0" + mail.password())))
                    .startsWith("+OK");
        }
    }

    @Test
    void apopIsRefusedAndTheGreetingHasNoTimestamp() {
        try (var pop = new Pop3TestClient(server.port())) {
            assertThat(pop.readLine()).isEqualTo("+OK POP3 server ready").doesNotContain("<");
            assertThat(pop.command("APOP " + mail.address() + " c4c9334bac560ecc979e58001b3e22fb"))
                    .isEqualTo("-ERR APOP not supported, use USER/PASS or AUTH over TLS");
            assertThat(pop.login(mail.address(), mail.password())).startsWith("+OK");
        }
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}
