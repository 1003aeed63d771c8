/* Mail platform. Licensed under the Apache License 2.0. */
package dev.mailplatform.pop3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailplatform.blobstore.BlobStore;
import dev.mailplatform.pop3.server.Pop3Server;
import dev.mailplatform.testkit.TempDirectories;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Limits that need non-default configuration: a short idle timeout, no password before TLS even on loopback (the
 * production setting), LOGIN-DELAY and a quick address lockout.
 */
@QuarkusTest
@TestProfile(StrictGatewayIT.Strict.class)
@QuarkusTestResource(value = Pop3TestResource.class, restrictToAnnotatedClass = false)
class StrictGatewayIT {
    public static class Strict implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mail.pop3.idle-timeout", "2s", "mail.pop3.plaintext-auth", "never",
                    "mail.pop3.login-delay", "3s", "mail.pop3.auth.lockout-failures", "3",
                    "mail.pop3.auth.lockout-duration", "2s", "mail.pop3.auth.max-failures", "10");
        }
    }

    /** Quarkus leaves the folder it wrote this profile's configuration to: delete it (see TempDirectories). */
    @AfterAll
    static void deleteProfileConfiguration() {
        TempDirectories.deleteQuarkusTestProfileConfig(StrictGatewayIT.class.getClassLoader());
    }

    @Inject
    Pop3Server server;
    @Inject
    BlobStore blobs;

    @Test
    void idleConnectionIsClosedWithAnErr() {
        try (var pop = Pop3TestClient.connect(server.port())) {
            long started = System.nanoTime();
            assertThat(pop.readLine()).isEqualTo("-ERR autologout: idle for too long");
            assertThat((System.nanoTime() - started) / 1_000_000).isBetween(1_500L, 10_000L);
            assertThat(pop.isClosedByServer()).isTrue();
        }
    }

    @Test
    void activityKeepsTheConnectionOpen() throws Exception {
        try (var pop = Pop3TestClient.connect(server.port())) {
            for (int i = 0; i < 4; i++) {
                Thread.sleep(800);
                assertThat(pop.command("CAPA")).startsWith("+OK");
                pop.readMultiline();
            }
        }
    }

    @Test
    void cleartextLoginIsRefusedAndNotAdvertisedButWorksAfterStls() {
        MailFixture mail = MailFixture.create(blobs);
        try (var pop = Pop3TestClient.connect(server.port())) {
            assertThat(pop.command("CAPA")).startsWith("+OK");
            assertThat(pop.readMultiline()).doesNotContain("USER", "SASL").contains("UIDL", "STLS");
            assertThat(pop.command("USER " + mail.address()))
                    .isEqualTo("-ERR [AUTH] cleartext login not allowed on this connection, use STLS first");
            assertThat(pop.command("PASS secret")).isEqualTo("-ERR USER first");
            assertThat(pop.command("AUTH PLAIN " + plain(mail.address(), mail.password())))
                    .isEqualTo("-ERR [AUTH] cleartext login not allowed on this connection, use STLS first");
            assertThat(pop.command("AUTH")).startsWith("+OK");
            assertThat(pop.readMultiline()).as("no mechanism offered in clear").isEqualTo(".\r\n");
            assertThat(pop.command("STLS")).startsWith("+OK");
            pop.handshake(server.certificate());
            assertThat(pop.command("CAPA")).startsWith("+OK");
            assertThat(pop.readMultiline()).contains("USER\r\n", "SASL PLAIN LOGIN\r\n", "LOGIN-DELAY 3\r\n");
            assertThat(pop.command("AUTH PLAIN " + plain(mail.address(), mail.password())))
                    .startsWith("+OK maildrop has 2 messages");
        }
    }

    @Test
    void loginDelayRefusesAQuickSecondLogin() throws Exception {
        MailFixture mail = MailFixture.create(blobs);
        try (var pop = Pop3TestClient.connectTls(server.tlsPort(), server.certificate())) {
            assertThat(pop.login(mail.address(), mail.password())).startsWith("+OK");
            assertThat(pop.command("QUIT")).isEqualTo("+OK bye");
        }
        try (var pop = Pop3TestClient.connectTls(server.tlsPort(), server.certificate())) {
            assertThat(pop.login(mail.address(), mail.password()))
                    .isEqualTo("-ERR [LOGIN-DELAY] minimum time between logins (3s) not yet elapsed");
        }
        Thread.sleep(3_100);
        try (var pop = Pop3TestClient.connectTls(server.tlsPort(), server.certificate())) {
            assertThat(pop.login(mail.address(), mail.password())).startsWith("+OK maildrop has 2 messages");
        }
    }

    @Test
    void repeatedFailuresLockTheAddressOutForAWhile() throws Exception {
        MailFixture mail = MailFixture.create(blobs);
        try (var pop = Pop3TestClient.connectTls(server.tlsPort(), server.certificate())) {
            pop.command("USER " + mail.address());
            assertThat(pop.command("PASS wrong1")).isEqualTo("-ERR [AUTH] invalid credentials");
            pop.command("USER " + mail.address());
            assertThat(pop.command("PASS wrong2")).isEqualTo("-ERR [AUTH] invalid credentials");
            pop.command("USER " + mail.address());
            assertThat(pop.command("PASS wrong3")).isEqualTo("-ERR [AUTH] invalid credentials, too many failures");
            assertThat(pop.isClosedByServer()).isTrue();
        }
        try (var pop = Pop3TestClient.connectTls(server.tlsPort(), server.certificate())) {
            pop.command("USER " + mail.address());
            assertThat(pop.command("PASS " + mail.password()))
                    .as("even the right password, from a locked-out address")
                    .isEqualTo("-ERR [AUTH] too many failed logins from your address, try again later");
            assertThat(pop.isClosedByServer()).isTrue();
        }
        Thread.sleep(2_100);
        try (var pop = Pop3TestClient.connectTls(server.tlsPort(), server.certificate())) {
            assertThat(pop.login(mail.address(), mail.password())).startsWith("+OK maildrop has 2 messages");
        }
    }

    private static String plain(String user, String password) {
        return Base64.getEncoder().encodeToString(("\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8));
    }
}
