/* Mail platform. Licensed under the Apache License 2.0. */
package dev.mailplatform.smtp.server;

import static dev.mailplatform.smtp.server.TestAccounts.b64;
import static dev.mailplatform.smtp.server.TestAccounts.plain;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mailplatform.blobstore.BlobStore;
import dev.mailplatform.contracts.events.AcceptedMail;
import dev.mailplatform.contracts.events.EnvelopeRecipient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Submission (RFC 6409) on 587 with STARTTLS (RFC 3207) and on 465 with implicit TLS (RFC 8314), AUTH PLAIN and
 * LOGIN (RFC 4954), sender ownership, DSN parameters (RFC 3461) and BDAT (RFC 3030), over real TLS sockets with a
 * JDK client that trusts only the gateway's certificate.
 */
@QuarkusTest
@QuarkusTestResource(value = GatewayTestResource.class, restrictToAnnotatedClass = true)
class SubmissionIT {
    @Inject
    SmtpServer server;
    @Inject
    BlobStore blobStore;

    TestAccounts accounts;
    SSLContext tls;

    @BeforeEach
    void setUp() throws Exception {
        accounts = TestAccounts.shared();
        tls = SmtpTestClient.trusting(server.tlsSettings().certificate());
    }

    @Test
    void startTlsThenAuthPlainThenSendsWithDsnParameters() throws Exception {
        try (SmtpTestClient c = new SmtpTestClient(server.port("submission"))) {
            c.expect("220 mx.test.local ESMTP");
            String ehlo = c.command("EHLO client.example", "250");
            assertThat(ehlo).contains("STARTTLS").doesNotContain("AUTH");
            // RFC 4954 §4: no credentials over plaintext (the loopback exception is off by default)
            c.command("AUTH PLAIN " + plain(accounts.alice, TestAccounts.PASSWORD), "538 5.7.11");
            c.command("MAIL FROM:<" + accounts.alice + ">", "530 5.7.0");
            c.command("STARTTLS", "220 2.0.0");
            SSLSocket ssl = c.upgradeToTls(tls);
            assertThat(ssl.getSession().getProtocol()).isIn("TLSv1.2", "TLSv1.3");
            // RFC 3207 §4.2: the EHLO before STARTTLS is forgotten
            c.command("MAIL FROM:<" + accounts.alice + ">", "503 5.5.1");
            ehlo = c.command("EHLO client.example", "250");
            assertThat(ehlo).contains("AUTH PLAIN LOGIN").doesNotContain("STARTTLS");
            c.command("STARTTLS", "503 5.5.1");
            c.command("MAIL FROM:<" + accounts.alice + ">", "530 5.7.0");
            c.command("AUTH PLAIN " + plain("nobody-" + accounts.domain, "wrong"), "535 5.7.8");
            c.command("AUTH PLAIN " + plain(accounts.alice, TestAccounts.PASSWORD), "235 2.7.0");
            c.command("AUTH PLAIN " + plain(accounts.alice, TestAccounts.PASSWORD), "503 5.5.1");
            // RFC 6409 §4.3: only the account's own addresses as sender
            c.command("MAIL FROM:<" + accounts.bob + ">", "553 5.7.1");
            c.command("MAIL FROM:<someone@elsewhere.example>", "553 5.7.1");
            c.command("MAIL FROM:<" + accounts.alice + "> RET=HDRS ENVID=env+2B42", "250 2.1.0");
            // a local domain still needs an existing mailbox (the %test profile allows 2 recipients)
            c.command("RCPT TO:<ghost@" + accounts.domain + ">", "550 5.1.1");
            c.command("RCPT TO:<friend@remote.example> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;friend@remote.example",
                    "250 2.1.5");
            c.command("RCPT TO:<" + accounts.bob + "> NOTIFY=NEVER", "250 2.1.5");
            c.command("DATA", "354");
            c.send("From: " + accounts.alice + "\r\nSubject: hello\r\n\r\nsubmitted over TLS\r\n.\r\n");
            String messageId = TestAccounts.queuedId(c.expect("250 2.0.0"));
            c.command("QUIT", "221 2.0.0");

            AcceptedMail mail = TestAccounts.awaitAccepted(messageId);
            assertThat(mail.listener()).isEqualTo("submission");
            assertThat(mail.senderTenantId()).isEqualTo(accounts.tenantId);
            assertThat(mail.mailFrom()).isEqualTo(accounts.alice);
            assertThat(mail.envelopeId()).isEqualTo("env+42");
            assertThat(mail.dsnReturn()).isEqualTo("HDRS");
            assertThat(mail.bodyType()).isEqualTo("7BIT");
            assertThat(mail.recipients()).containsExactly(
                    new EnvelopeRecipient("friend@remote.example", null, null, Set.of("SUCCESS", "FAILURE"),
                            "rfc822;friend@remote.example"),
                    new EnvelopeRecipient(accounts.bob, accounts.tenantId, accounts.bobId, Set.of("NEVER"), null));
            String stored = new String(blobStore.getBytes(mail.blobKey()), StandardCharsets.UTF_8);
            // RFC 3848: TLS and authentication show in the trace; submission adds no Authentication-Results
            assertThat(stored).startsWith("Received: from client.example ([127.0.0.1])\r\n\tby mx.test.local with "
                    + "ESMTPSA id " + messageId);
            assertThat(stored).doesNotContain("Authentication-Results").endsWith("\r\n\r\nsubmitted over TLS\r\n");
        }
    }

    @Test
    void aliasOfTheAccountIsAnAcceptedSender() throws Exception {
        try (SmtpTestClient c = SmtpTestClient.implicitTls(server.port("submissions"), tls)) {
            c.expect("220");
            assertThat(c.command("EHLO client.example", "250")).contains("AUTH PLAIN LOGIN");
            c.command("AUTH PLAIN " + plain(accounts.alice, TestAccounts.PASSWORD), "235 2.7.0");
            c.command("MAIL FROM:<" + accounts.aliceAlias.toUpperCase() + ">", "250 2.1.0");
        }
    }

    @Test
    void implicitTlsWithAuthLoginAndBdatChunks() throws Exception {
        try (SmtpTestClient c = SmtpTestClient.implicitTls(server.port("submissions"), tls)) {
            c.expect("220 mx.test.local ESMTP");
            String ehlo = c.command("EHLO client.example", "250");
            assertThat(ehlo).contains("250-CHUNKING", "250-BINARYMIME", "250 AUTH PLAIN LOGIN")
                    .doesNotContain("STARTTLS");
            c.command("AUTH LOGIN", "334 VXNlcm5hbWU6");
            c.command(b64(accounts.alice), "334 UGFzc3dvcmQ6");
            c.command(b64(TestAccounts.PASSWORD), "235 2.7.0");
            String part1 = "From: " + accounts.alice + "\r\nSubject: chunks\r\n\r\n";
            String part2 = "binary \0 body\r\n";
            // RFC 3030 §4.2: everything pipelined, chunk octets right after each BDAT line
            c.send("MAIL FROM:<" + accounts.alice + "> BODY=BINARYMIME\r\nRCPT TO:<" + accounts.bob + ">\r\n"
                    + "BDAT " + part1.length() + "\r\n" + part1
                    + "BDAT " + part2.length() + " LAST\r\n" + part2);
            c.expect("250 2.1.0");
            c.expect("250 2.1.5");
            c.expect("250 2.0.0");
            String messageId = TestAccounts.queuedId(c.expect("250 2.0.0 Ok: queued"));
            AcceptedMail mail = TestAccounts.awaitAccepted(messageId);
            assertThat(mail.listener()).isEqualTo("submissions");
            assertThat(mail.bodyType()).isEqualTo("BINARYMIME");
            String stored = new String(blobStore.getBytes(mail.blobKey()), StandardCharsets.ISO_8859_1);
            assertThat(stored).endsWith(part1 + part2).contains("with ESMTPSA id " + messageId);
            // RFC 3030 §3: BINARYMIME cannot use DATA
            c.command("MAIL FROM:<" + accounts.alice + "> BODY=BINARYMIME", "250");
            c.command("RCPT TO:<" + accounts.bob + ">", "250");
            c.command("DATA", "503 5.5.1");
            c.command("RSET", "250 2.0.0");
        }
    }

    @Test
    void bdatRefusedChunksAreStillReadAndBareLineEndingsRefused() throws Exception {
        try (SmtpTestClient c = SmtpTestClient.implicitTls(server.port("submissions"), tls)) {
            c.expect("220");
            c.command("EHLO client.example", "250");
            c.command("AUTH PLAIN " + plain(accounts.alice, TestAccounts.PASSWORD), "235");
            // no transaction: the 12 octets "QUIT\r\nQUIT\r\n" are chunk data and must not be read as commands
            c.send("BDAT 12\r\nQUIT\r\nQUIT\r\n");
            c.expect("503 5.5.1");
            c.command("NOOP", "250 2.0.0");
            // a smuggling payload in a 7BIT BDAT message is refused like in DATA
            c.command("MAIL FROM:<" + accounts.alice + ">", "250");
            c.command("RCPT TO:<" + accounts.bob + ">", "250");
            String evil = "Subject: x\r\n\r\nA\n.\r\nMAIL FROM:<x@y>\r\n";
            c.send("BDAT " + evil.length() + " LAST\r\n" + evil);
            c.expect("550 5.6.0");
            // a chunk bigger than the message size limit cannot be skipped cheaply: 552 and close
            c.command("MAIL FROM:<" + accounts.alice + ">", "250");
            c.command("RCPT TO:<" + accounts.bob + ">", "250");
            c.send("BDAT 999999999 LAST\r\n");
            c.expect("552 5.3.4");
            assertThat(c.closedByServer()).isTrue();
        }
    }

    @Test
    void startTlsDiscardsCommandsPipelinedBeforeTheHandshake() throws Exception {
        try (SmtpTestClient c = new SmtpTestClient(server.port("submission"))) {
            c.expect("220");
            c.command("EHLO client.example", "250");
            // CVE-2011-0411: the injected commands arrive in the same packet as STARTTLS
            c.send("STARTTLS\r\nRSET\r\nMAIL FROM:<" + accounts.alice + ">\r\n");
            c.expect("220 2.0.0");
            c.upgradeToTls(tls);
            // if the injected lines had survived, their replies would come first
            c.command("NOOP", "250 2.0.0 OK");
            c.command("EHLO client.example", "250");
            c.command("QUIT", "221 2.0.0");
        }
    }

    @Test
    void mxOffersStartTlsButNoAuth() throws Exception {
        try (SmtpTestClient c = new SmtpTestClient(server.port("mx"))) {
            c.expect("220");
            c.command("EHLO client.example", "250-");
            c.command("AUTH PLAIN " + plain(accounts.alice, TestAccounts.PASSWORD), "502 5.5.1");
            c.command("STARTTLS", "220 2.0.0");
            c.upgradeToTls(tls);
            String ehlo = c.command("EHLO client.example", "250");
            assertThat(ehlo).doesNotContain("STARTTLS").doesNotContain("AUTH");
        }
    }

    @Test
    void authCancelAndMalformedResponses() throws Exception {
        try (SmtpTestClient c = SmtpTestClient.implicitTls(server.port("submissions"), tls)) {
            c.expect("220");
            c.command("EHLO client.example", "250");
            c.command("AUTH PLAIN", "334");
            c.command("*", "501 5.0.0");
            c.command("AUTH LOGIN", "334");
            c.command("!!!not base64", "501 5.5.2");
            c.command("AUTH CRAM-MD5", "504 5.5.4");
            c.command("AUTH PLAIN " + plain(accounts.alice, TestAccounts.PASSWORD), "235 2.7.0");
        }
    }
}
