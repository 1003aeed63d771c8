/* Mail platform. Licensed under the Apache License 2.0. */
package dev.mailplatform.smtp.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailplatform.blobstore.BlobStore;
import dev.mailplatform.contracts.events.AcceptedMail;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.UUID;
import org.apache.james.jdkim.DKIMSigner;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * SPF (RFC 7208), DKIM (RFC 6376) and DMARC (RFC 7489) on the MX listener against records the tests publish in
 * their own DNS server, and the Authentication-Results header (RFC 8601) that records the outcome.
 */
@QuarkusTest
@QuarkusTestResource(value = GatewayTestResource.class, restrictToAnnotatedClass = true)
class InboundAuthIT {
    @Inject
    SmtpServer server;
    @Inject
    BlobStore blobStore;

    TestAccounts accounts;
    String senderDomain;

    @BeforeEach
    void setUp() throws Exception {
        accounts = TestAccounts.shared();
        senderDomain = "sender-" + UUID.randomUUID().toString().substring(0, 8) + ".example";
    }

    @Test
    void alignedSpfAndDkimPass() throws Exception {
        KeyPair key = KeyPairGenerator.getInstance("RSA").generateKeyPair();
        TestDnsServer dns = TestDnsServer.shared();
        dns.publishTxt(senderDomain, "v=spf1 ip4:127.0.0.1 -all");
        dns.publishTxt("sel1._domainkey." + senderDomain,
                "v=DKIM1; k=rsa; p=" + Base64.getEncoder().encodeToString(key.getPublic().getEncoded()));
        dns.publishTxt("_dmarc." + senderDomain, "v=DMARC1; p=reject");
        String message = "From: News <news@" + senderDomain + ">\r\nTo: " + accounts.bob
                + "\r\nSubject: signed\r\n\r\nsigned body\r\n";
        String signature = new DKIMSigner("v=1; a=rsa-sha256; c=relaxed/relaxed; d=" + senderDomain
                + "; s=sel1; h=from:to:subject; bh=; b=;", key.getPrivate())
                .sign(new ByteArrayInputStream(message.getBytes(StandardCharsets.US_ASCII)));
        String signed = signature.endsWith("\r\n") ? signature + message : signature + "\r\n" + message;

        String stored = send("bounce@" + senderDomain, accounts.bob, signed, "250 2.0.0");
        assertThat(stored).startsWith("Authentication-Results: mx.test.local;\r\n\tspf=pass smtp.mailfrom="
                + senderDomain + ";\r\n\tdkim=pass header.d=" + senderDomain + " header.s=sel1;\r\n\tdmarc=pass"
                + " (p=reject) header.from=" + senderDomain + "\r\nReceived: ");
    }

    @Test
    void dmarcFailureIsMarkedForDefaultTenantsAndRejectedForStrictOnes() throws Exception {
        TestDnsServer dns = TestDnsServer.shared();
        dns.publishTxt(senderDomain, "v=spf1 -all");
        dns.publishTxt("_dmarc." + senderDomain, "v=DMARC1; p=reject");
        String spoofed = "From: ceo@" + senderDomain + "\r\nSubject: wire money\r\n\r\nnow\r\n";

        String stored = send("ceo@" + senderDomain, accounts.bob, spoofed, "250 2.0.0");
        assertThat(stored).startsWith("Authentication-Results: mx.test.local;\r\n\tspf=fail smtp.mailfrom="
                + senderDomain + ";\r\n\tdkim=none;\r\n\tdmarc=fail (p=reject) header.from=" + senderDomain);

        // the strict tenant's policy is reject (mail.smtp.auth-policy.tenants.<id>=reject)
        send("ceo@" + senderDomain, "carol@" + GatewayTestResource.strictDomain, spoofed, "550 5.7.26");
    }

    @Test
    void tamperedSignatureFails() throws Exception {
        KeyPair key = KeyPairGenerator.getInstance("RSA").generateKeyPair();
        TestDnsServer dns = TestDnsServer.shared();
        dns.publishTxt("sel1._domainkey." + senderDomain,
                "v=DKIM1; k=rsa; p=" + Base64.getEncoder().encodeToString(key.getPublic().getEncoded()));
        String message = "From: a@" + senderDomain + "\r\nSubject: original\r\n\r\nbody\r\n";
        String signature = new DKIMSigner("v=1; a=rsa-sha256; c=simple/simple; d=" + senderDomain
                + "; s=sel1; h=from:subject; bh=; b=;", key.getPrivate())
                .sign(new ByteArrayInputStream(message.getBytes(StandardCharsets.US_ASCII)));
        String tampered = (signature.endsWith("\r\n") ? signature : signature + "\r\n")
                + message.replace("original", "changed");
        String stored = send("a@" + senderDomain, accounts.bob, tampered, "250 2.0.0");
        assertThat(stored).contains("\tdkim=fail header.d=" + senderDomain + " header.s=sel1;", "dmarc=none");
    }

    private String send(String from, String to, String message, String expected) throws Exception {
        try (SmtpTestClient c = new SmtpTestClient(server.port("mx"))) {
            c.expect("220");
            c.command("EHLO client.example", "250");
            c.command("MAIL FROM:<" + from + ">", "250");
            c.command("RCPT TO:<" + to + ">", "250");
            c.command("DATA", "354");
            c.send(message.replace("\r\n.", "\r\n..") + ".\r\n");
            String reply = c.expect(expected);
            if (!expected.startsWith("250")) {
                return reply;
            }
            AcceptedMail mail = TestAccounts.awaitAccepted(TestAccounts.queuedId(reply));
            return new String(blobStore.getBytes(mail.blobKey()), StandardCharsets.UTF_8);
        }
    }
}
