package dev.mailplatform.delivery.dsn;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.apache.james.mime4j.dom.Message;
import org.apache.james.mime4j.dom.Multipart;
import org.apache.james.mime4j.dom.TextBody;
import org.apache.james.mime4j.message.DefaultMessageBuilder;
import org.junit.jupiter.api.Test;

class DsnBuilderTest {
    private static final byte[] ORIGINAL = ("From: Alice <alice@acme.test>\r\nTo: bob@remote.example\r\n"
            + "Subject: hello\r\nMessage-ID: <m1@acme.test>\r\n\r\nsecret body line\r\n")
            .getBytes(StandardCharsets.US_ASCII);
    private static final Instant ARRIVAL = Instant.parse("2026-11-20T10:00:00Z");
    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

    private static DsnReport report(boolean delayed, boolean full) {
        return new DsnReport("relay.acme.test", "alice@acme.test", "ENV-42", ARRIVAL, delayed, full,
                List.of(new DsnReport.Recipient("bob@remote.example", "rfc822;bob@remote.example",
                        delayed ? "delayed" : "failed", delayed ? "4.2.1" : "5.1.1", "dns; mx.remote.example",
                        "smtp; 550 5.1.1 <bob@remote.example>\r\n no such user", NOW,
                        delayed ? NOW.plusSeconds(3600) : null)),
                "dsn-abc123", NOW);
    }

    private static Message parse(byte[] bytes) throws Exception {
        return new DefaultMessageBuilder().parseMessage(new ByteArrayInputStream(bytes));
    }

    private static String text(org.apache.james.mime4j.dom.Entity part) throws Exception {
        if (part.getBody() instanceof TextBody t) {
            return new String(t.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
        if (part.getBody() instanceof Message m) {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            new org.apache.james.mime4j.message.DefaultMessageWriter().writeMessage(m, out);
            return out.toString(StandardCharsets.UTF_8);
        }
        // message/delivery-status is parsed by mime4j as a body of its own kind: read it raw
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        new org.apache.james.mime4j.message.DefaultMessageWriter().writeBody(part.getBody(), out);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void failureReportIsAMultipartReportWithTheRfc3464Fields() throws Exception {
        Message dsn = parse(DsnBuilder.build(report(false, false), ORIGINAL));
        assertThat(dsn.getMimeType()).isEqualTo("multipart/report");
        assertThat(dsn.getHeader().getField("Content-Type").getBody()).contains("report-type=delivery-status");
        assertThat(dsn.getTo().toString()).contains("alice@acme.test");
        assertThat(dsn.getHeader().getField("Auto-Submitted").getBody()).isEqualTo("auto-replied");
        Multipart parts = (Multipart) dsn.getBody();
        assertThat(parts.getBodyParts()).extracting(p -> p.getMimeType())
                .containsExactly("text/plain", "message/delivery-status", "text/rfc822-headers");

        String status = text(parts.getBodyParts().get(1));
        assertThat(status).contains("Reporting-MTA: dns; relay.acme.test\r\n")
                .contains("Original-Envelope-Id: ENV-42\r\n")
                .contains("Arrival-Date: Fri, 20 Nov 2026 10:00:00 +0000\r\n")
                .contains("\r\n\r\nOriginal-Recipient: rfc822;bob@remote.example\r\n")
                .contains("Final-Recipient: rfc822; bob@remote.example\r\n")
                .contains("Action: failed\r\n")
                .contains("Status: 5.1.1\r\n")
                .contains("Remote-MTA: dns; mx.remote.example\r\n")
                // the peer's text may not split the field: CR LF became a space
                .contains("Diagnostic-Code: smtp; 550 5.1.1 <bob@remote.example> no such user\r\n")
                .doesNotContain("Will-Retry-Until");

        String returned = text(parts.getBodyParts().get(2));
        assertThat(returned).contains("Subject: hello").doesNotContain("secret body line");
        assertThat(text(parts.getBodyParts().get(0))).contains("could not be delivered");
    }

    @Test
    void retFullReturnsTheWholeMessage() throws Exception {
        Message dsn = parse(DsnBuilder.build(report(false, true), ORIGINAL));
        Multipart parts = (Multipart) dsn.getBody();
        assertThat(parts.getBodyParts().get(2).getMimeType()).isEqualTo("message/rfc822");
        assertThat(text(parts.getBodyParts().get(2))).contains("secret body line");
    }

    @Test
    void delayNoticeSaysDelayedAndUntilWhen() throws Exception {
        byte[] bytes = DsnBuilder.build(report(true, false), ORIGINAL);
        Message dsn = parse(bytes);
        assertThat(dsn.getSubject()).contains("Delay");
        String status = text(((Multipart) dsn.getBody()).getBodyParts().get(1));
        assertThat(status).contains("Action: delayed\r\n").contains("Status: 4.2.1\r\n")
                .contains("Will-Retry-Until: Sun, 22 Nov 2026 11:00:00 +0000\r\n");
    }

    @Test
    void headerOfStopsAtTheEmptyLine() {
        assertThat(new String(DsnBuilder.headerOf(ORIGINAL), StandardCharsets.US_ASCII))
                .endsWith("Message-ID: <m1@acme.test>\r\n");
        byte[] noBody = "Subject: x\r\n".getBytes(StandardCharsets.US_ASCII);
        assertThat(DsnBuilder.headerOf(noBody)).isEqualTo(noBody);
    }
}
