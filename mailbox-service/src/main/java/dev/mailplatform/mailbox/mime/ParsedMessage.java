package dev.mailplatform.mailbox.mime;

import dev.mailplatform.contracts.api.BodyPartDto;
import dev.mailplatform.contracts.api.EnvelopeDto;
import java.time.Instant;
import java.time.LocalDate;

/**
 * Everything the store keeps about a message's content, computed once at delivery or append so that FETCH ENVELOPE /
 * BODYSTRUCTURE and SEARCH never read the body from S3.
 *
 * @param status       "ok", "degraded" (unparseable or over the parse limit: a single-part structure) or "missing"
 *                     (no such blob)
 * @param sentAt       the Date header as an instant, or null when absent or unreadable
 * @param sentDate     the Date header's calendar day in its own zone (RFC 9051 SENTON compares that), or null
 * @param headerText   the top-level header block, unfolded and decoded, one "Name: value" per line (capped)
 * @param bodyText     the decoded text of the text parts (capped), for SEARCH BODY / TEXT
 */
public record ParsedMessage(String status, long size, EnvelopeDto envelope, BodyPartDto bodyStructure,
        String threadId, Instant sentAt, LocalDate sentDate, String from, String to, String cc, String bcc,
        String subject, String baseSubject, String sortFrom, String sortTo, String sortCc, String messageId,
        String inReplyTo, String references, String headerText, String bodyText) {
}
