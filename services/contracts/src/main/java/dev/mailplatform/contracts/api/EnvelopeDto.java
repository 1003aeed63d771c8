package dev.mailplatform.contracts.api;

import java.util.List;

/**
 * The IMAP ENVELOPE (RFC 3501 7.4.2 / RFC 9051 7.5.2) of a message, with RFC 2047 encoded words already decoded to
 * UTF-8 (the IMAP gateway re-encodes for clients that have not enabled UTF8=ACCEPT). Null fields are NIL.
 */
public record EnvelopeDto(String date, String subject, List<AddressDto> from, List<AddressDto> sender,
        List<AddressDto> replyTo, List<AddressDto> to, List<AddressDto> cc, List<AddressDto> bcc, String inReplyTo,
        String messageId) {

    /** One address: {@code mailbox@host} with its display name; groups per RFC 3501 use host == null markers. */
    public record AddressDto(String name, String adl, String mailbox, String host) {
    }
}
