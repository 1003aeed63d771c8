package dev.mailplatform.contracts.api;

import java.util.List;
import java.util.Map;

/**
 * One node of a message's MIME structure (IMAP BODYSTRUCTURE), with the byte offsets of its header and body inside
 * the raw message so the IMAP gateway serves BODY[section], BODY[section.HEADER/MIME/TEXT] and partial fetches as S3
 * range reads without parsing.
 *
 * @param type         lower-case media type ("text", "multipart", "message", ...)
 * @param params       Content-Type parameters, RFC 2231 continuations and charsets already decoded
 * @param encoding     Content-Transfer-Encoding as given (default "7bit")
 * @param size         body octets (for multipart: the whole body between the header and the end of the part)
 * @param lines        body lines for text/* and message/rfc822, else -1
 * @param headerStart  offset of the part's header (for the top level: 0)
 * @param bodyStart    offset of the part's body (after the blank line)
 * @param bodyEnd      offset just past the part's body
 * @param parts        children of a multipart (in order), or the single root of an encapsulated message/rfc822
 * @param envelope     for message/rfc822: the encapsulated message's ENVELOPE
 */
public record BodyPartDto(String type, String subtype, Map<String, String> params, String id, String description,
        String encoding, long size, long lines, String md5, String disposition, Map<String, String> dispositionParams,
        List<String> language, String location, long headerStart, long bodyStart, long bodyEnd,
        List<BodyPartDto> parts, EnvelopeDto envelope) {
}
