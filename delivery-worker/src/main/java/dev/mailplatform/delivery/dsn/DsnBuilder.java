package dev.mailplatform.delivery.dsn;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Writes a delivery status notification: RFC 3464 multipart/report (RFC 6522) with a human-readable part, the
 * machine-readable message/delivery-status part and the original message or its header. Pure: no I/O.
 */
public final class DsnBuilder {
    private static final DateTimeFormatter RFC5322 = DateTimeFormatter
            .ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.ROOT).withZone(ZoneOffset.UTC);

    private DsnBuilder() {
    }

    public static byte[] build(DsnReport report, byte[] original) {
        String boundary = "dsn=" + report.messageIdToken().replaceAll("[^A-Za-z0-9]", "").substring(0,
                Math.min(24, report.messageIdToken().replaceAll("[^A-Za-z0-9]", "").length())) + "/"
                + report.reportingMta();
        StringBuilder h = new StringBuilder();
        header(h, "From", "Mail Delivery System <MAILER-DAEMON@" + report.reportingMta() + ">");
        header(h, "To", "<" + report.to() + ">");
        header(h, "Subject", report.delayed() ? "Delivery Status Notification (Delay)"
                : "Undelivered Mail Returned to Sender");
        header(h, "Date", RFC5322.format(report.created()));
        header(h, "Message-ID", "<" + report.messageIdToken() + "@" + report.reportingMta() + ">");
        // RFC 3834 §5: automatic responses are marked so that responders do not answer them
        header(h, "Auto-Submitted", "auto-replied");
        header(h, "MIME-Version", "1.0");
        header(h, "Content-Type", "multipart/report; report-type=delivery-status;\r\n\tboundary=\"" + boundary + "\"");
        h.append("\r\n");
        h.append("This is a MIME-encapsulated message.\r\n\r\n");

        h.append("--").append(boundary).append("\r\n");
        h.append("Content-Description: Notification\r\n");
        h.append("Content-Type: text/plain; charset=utf-8\r\n\r\n");
        h.append(humanText(report));
        h.append("\r\n");

        h.append("--").append(boundary).append("\r\n");
        h.append("Content-Description: Delivery report\r\n");
        h.append("Content-Type: message/delivery-status\r\n\r\n");
        h.append(deliveryStatus(report));
        h.append("\r\n");

        h.append("--").append(boundary).append("\r\n");
        boolean full = report.returnFull();
        h.append("Content-Description: ").append(full ? "Undelivered Message" : "Undelivered Message Headers")
                .append("\r\n");
        h.append("Content-Type: ").append(full ? "message/rfc822" : "text/rfc822-headers").append("\r\n\r\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(h.toString().getBytes(StandardCharsets.UTF_8));
        byte[] part = full ? original : headerOf(original);
        out.writeBytes(part);
        if (part.length < 2 || part[part.length - 2] != '\r' || part[part.length - 1] != '\n') {
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    /** The machine-readable part: per-message fields, then one block per recipient (RFC 3464 §2.2, §2.3). */
    static String deliveryStatus(DsnReport report) {
        StringBuilder s = new StringBuilder();
        field(s, "Reporting-MTA", "dns; " + report.reportingMta());
        if (report.envelopeId() != null) {
            field(s, "Original-Envelope-Id", report.envelopeId());
        }
        if (report.arrivalDate() != null) {
            field(s, "Arrival-Date", RFC5322.format(report.arrivalDate()));
        }
        for (DsnReport.Recipient r : report.recipients()) {
            s.append("\r\n");
            if (r.originalRecipient() != null) {
                field(s, "Original-Recipient", r.originalRecipient());
            }
            field(s, "Final-Recipient", "rfc822; " + r.finalRecipient());
            field(s, "Action", r.action());
            field(s, "Status", r.status());
            if (r.remoteMta() != null) {
                field(s, "Remote-MTA", r.remoteMta());
            }
            if (r.diagnostic() != null) {
                field(s, "Diagnostic-Code", r.diagnostic());
            }
            if (r.lastAttempt() != null) {
                field(s, "Last-Attempt-Date", RFC5322.format(r.lastAttempt()));
            }
            if (r.willRetryUntil() != null) {
                field(s, "Will-Retry-Until", RFC5322.format(r.willRetryUntil()));
            }
        }
        return s.toString();
    }

    private static String humanText(DsnReport report) {
        StringBuilder s = new StringBuilder();
        s.append("This is the mail system at ").append(report.reportingMta()).append(".\r\n\r\n");
        if (report.delayed()) {
            s.append("Your message could not be delivered yet to the recipients below. It is still being\r\n")
                    .append("retried; you do not need to send it again.\r\n\r\n");
        } else {
            s.append("Your message could not be delivered to the recipients below.\r\n\r\n");
        }
        for (DsnReport.Recipient r : report.recipients()) {
            s.append("<").append(r.finalRecipient()).append(">: ")
                    .append(r.diagnostic() == null ? r.status() : r.diagnostic()).append("\r\n");
        }
        return s.toString();
    }

    private static void header(StringBuilder sb, String name, String value) {
        sb.append(name).append(": ").append(value).append("\r\n");
    }

    private static void field(StringBuilder sb, String name, String value) {
        // a peer's reply text goes into this field: no CR or LF may split the field
        String oneLine = value.replaceAll("[ \\t]*[\\r\\n]+[ \\t]*", " ").replace('\t', ' ').strip();
        sb.append(name).append(": ").append(oneLine).append("\r\n");
    }

    /** The header section of a message, up to and including the empty line (or all of it when there is none). */
    static byte[] headerOf(byte[] message) {
        for (int i = 0; i + 3 < message.length; i++) {
            if (message[i] == '\r' && message[i + 1] == '\n' && message[i + 2] == '\r' && message[i + 3] == '\n') {
                byte[] out = new byte[i + 2];
                System.arraycopy(message, 0, out, 0, i + 2);
                return out;
            }
        }
        return message;
    }

    static String rfc5322Date(Instant instant) {
        return RFC5322.format(instant);
    }
}
