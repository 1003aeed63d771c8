/* Mail platform. Licensed under the Apache License 2.0. */
package dev.mailplatform.smtp.server;

import static dev.mailplatform.smtp.server.TestAccounts.plain;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Duration;
import java.util.Random;
import java.util.UUID;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Clients that misbehave on purpose. Each case asserts the exact reply and that the next connection is served.
 * Limits from the %test profile: 1000 commands and 20 errors per session, data timeout 6 s, idle timeout 4 s,
 * 3 AUTH failures per session, 5 per IP within 3 s, then a 3 s lockout.
 */
@QuarkusTest
@QuarkusTestResource(value = GatewayTestResource.class, restrictToAnnotatedClass = true)
class HostileClientIT {
    @Inject
    SmtpServer server;

    TestAccounts accounts;
    SSLContext tls;

    @BeforeEach
    void setUp() throws Exception {
        accounts = TestAccounts.shared();
        tls = SmtpTestClient.trusting(server.tlsSettings().certificate());
    }

    @AfterEach
    void nextConnectionIsServed() throws Exception {
        try (SmtpTestClient c = new SmtpTestClient(server.port("mx"))) {
            c.expect("220");
            c.command("NOOP", "250 2.0.0");
        }
    }

    @Test
    void nulBytesInCommandsAreRefusedAndTheSessionGoesOn() throws Exception {
        try (SmtpTestClient c = new SmtpTestClient(server.port("mx"))) {
            c.expect("220");
            c.send("EHLO a\0b\r\n");
            c.expect("500 5.5.2");
            c.send("MAIL FROM:<x\0@y.example>\r\n");
            c.expect("500 5.5.2");
            c.command("EHLO fine.example", "250");
        }
    }

    @Test
    void pipeliningFloodStopsAtTheCommandLimit() throws Exception {
        try (SmtpTestClient c = new SmtpTestClient(server.port("mx"))) {
            c.expect("220");
            c.send("NOOP\r\n".repeat(1500));
            for (int i = 0; i < 1000; i++) {
                c.expect("250 2.0.0");
            }
            c.expect("421 4.7.0 Too many commands");
            assertThat(c.closedByServer()).isTrue();
        }
    }

    @Test
    void randomBinaryGarbageOnlyGetsErrorReplies() throws Exception {
        byte[] garbage = new byte[16 * 1024];
        new Random(42).nextBytes(garbage);
        try (SmtpTestClient c = new SmtpTestClient(server.port("mx"))) {
            c.expect("220");
            c.sendBytes(garbage);
            c.send("\r\n");
            String last = "";
            while (true) {
                String reply;
                try {
                    reply = c.reply();
                } catch (IOException closed) {
                    break;
                }
                assertThat(reply).matches("(?s)(500 5\\.5\\.[12]|501 5\\.5\\.4|421 4\\.7\\.0).*");
                last = reply;
                if (reply.startsWith("421")) {
                    break;
                }
            }
            assertThat(last).startsWith("421 4.7.0 Too many errors");
        }
    }

    @Test
    void slowDataIsCutOffByTheDataTimeout() throws Exception {
        try (SmtpTestClient c = new SmtpTestClient(server.port("mx"))) {
            c.expect("220");
            c.command("EHLO slow.example", "250");
            c.command("MAIL FROM:<s@slow.example>", "250");
            c.command("RCPT TO:<" + accounts.bob + ">", "250");
            c.command("DATA", "354");
            long start = System.nanoTime();
            // one octet every 500 ms keeps the idle timer (4 s) from firing; the data timeout (6 s) still does
            boolean cutOff = false;
            for (int i = 0; i < 40 && !cutOff; i++) {
                try {
                    c.send("x");
                    Thread.sleep(500);
                } catch (IOException e) {
                    cutOff = true;
                }
                if (System.nanoTime() - start > Duration.ofSeconds(7).toNanos()) {
                    break;
                }
            }
            c.expect("421 4.4.2");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void plaintextOnTheImplicitTlsPortIsDropped() throws Exception {
        try (SmtpTestClient c = new SmtpTestClient(server.port("submissions"))) {
            c.send("EHLO plain.example\r\n");
            assertThat(c.closedByServer()).isTrue();
        }
        try (SmtpTestClient c = SmtpTestClient.implicitTls(server.port("submissions"), tls)) {
            c.expect("220");
        }
    }

    @Test
    void tlsHandshakeGarbageAfterStartTlsClosesOnlyThatSession() throws Exception {
        try (SmtpTestClient c = new SmtpTestClient(server.port("submission"))) {
            c.expect("220");
            c.command("EHLO x.example", "250");
            c.command("STARTTLS", "220 2.0.0");
            c.send("this is not a TLS ClientHello\r\n".repeat(10));
            assertThat(c.closedByServer()).isTrue();
        }
    }

    @Test
    void authFailuresEndTheSessionThenLockTheAddressOut() throws Exception {
        // start with a clean slate: earlier failures from 127.0.0.1 are forgotten after the 3 s window
        Thread.sleep(3_500);
        try (SmtpTestClient c = SmtpTestClient.implicitTls(server.port("submissions"), tls)) {
            c.expect("220");
            c.command("EHLO guesser.example", "250");
            c.command("AUTH PLAIN " + plain(stranger(), "guess1"), "535 5.7.8");
            c.command("AUTH PLAIN " + plain(stranger(), "guess2"), "535 5.7.8");
            c.command("AUTH PLAIN " + plain(stranger(), "guess3"), "421 4.7.0");
            assertThat(c.closedByServer()).isTrue();
        }
        try (SmtpTestClient c = SmtpTestClient.implicitTls(server.port("submissions"), tls)) {
            c.expect("220");
            c.command("EHLO guesser.example", "250");
            c.command("AUTH PLAIN " + plain(stranger(), "guess4"), "535 5.7.8");
            c.command("AUTH PLAIN " + plain(stranger(), "guess5"), "535 5.7.8");
            // locked out: even the right password is not checked
            c.command("AUTH PLAIN " + plain(accounts.alice, TestAccounts.PASSWORD), "454 4.7.0");
        }
        try (SmtpTestClient c = SmtpTestClient.implicitTls(server.port("submissions"), tls)) {
            c.expect("421 4.7.0");
        } catch (SSLException | java.net.SocketException closedDuringHandshake) {
            // the 421 and the close may race the end of the handshake; either way nothing was served
        }
        Thread.sleep(3_500);
        try (SmtpTestClient c = SmtpTestClient.implicitTls(server.port("submissions"), tls)) {
            c.expect("220");
            c.command("EHLO guesser.example", "250");
            c.command("AUTH PLAIN " + plain(accounts.alice, TestAccounts.PASSWORD), "235 2.7.0");
        }
    }

    private String stranger() {
        return "nobody-" + UUID.randomUUID().toString().substring(0, 8) + "@" + accounts.domain;
    }
}
