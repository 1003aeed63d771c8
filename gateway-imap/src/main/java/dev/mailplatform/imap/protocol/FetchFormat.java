package dev.mailplatform.imap.protocol;

import dev.mailplatform.contracts.api.BodyPartDto;
import dev.mailplatform.contracts.api.EnvelopeDto;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * ENVELOPE and BODY/BODYSTRUCTURE in their response syntax (RFC 9051 §7.5.2, RFC 3501 §7.4.2) from what the mailbox
 * service parsed at delivery. Pure string building.
 */
public final class FetchFormat {
    private FetchFormat() {
    }

    public static String envelope(EnvelopeDto e, boolean utf8) {
        if (e == null) {
            return "(NIL NIL NIL NIL NIL NIL NIL NIL NIL NIL)";
        }
        List<EnvelopeDto.AddressDto> from = e.from();
        // RFC 3501 §7.4.2: sender and reply-to default to from when the header is absent
        List<EnvelopeDto.AddressDto> sender = e.sender() == null || e.sender().isEmpty() ? from : e.sender();
        List<EnvelopeDto.AddressDto> replyTo = e.replyTo() == null || e.replyTo().isEmpty() ? from : e.replyTo();
        return "(" + ImapStrings.nstring(e.date(), utf8)
                + " " + ImapStrings.nstring(e.subject(), utf8)
                + " " + addresses(from, utf8)
                + " " + addresses(sender, utf8)
                + " " + addresses(replyTo, utf8)
                + " " + addresses(e.to(), utf8)
                + " " + addresses(e.cc(), utf8)
                + " " + addresses(e.bcc(), utf8)
                + " " + ImapStrings.nstring(e.inReplyTo(), utf8)
                + " " + ImapStrings.nstring(e.messageId(), utf8) + ")";
    }

    private static String addresses(List<EnvelopeDto.AddressDto> list, boolean utf8) {
        if (list == null || list.isEmpty()) {
            return "NIL";
        }
        StringBuilder s = new StringBuilder("(");
        for (EnvelopeDto.AddressDto a : list) {
            s.append('(').append(ImapStrings.nstring(a.name(), utf8))
                    .append(' ').append(ImapStrings.nstring(a.adl(), utf8))
                    .append(' ').append(ImapStrings.nstring(a.mailbox(), utf8))
                    .append(' ').append(ImapStrings.nstring(a.host(), utf8)).append(')');
        }
        return s.append(')').toString();
    }

    /** BODYSTRUCTURE ({@code extensible}) or BODY. */
    public static String bodyStructure(BodyPartDto part, boolean extensible, boolean utf8) {
        StringBuilder out = new StringBuilder();
        body(out, part, extensible, utf8);
        return out.toString();
    }

    private static void body(StringBuilder out, BodyPartDto p, boolean ext, boolean utf8) {
        String type = lower(p.type(), "text");
        String subtype = lower(p.subtype(), "plain");
        out.append('(');
        if (type.equals("multipart")) {
            List<BodyPartDto> parts = p.parts() == null ? List.of() : p.parts();
            if (parts.isEmpty()) {
                // RFC 9051 §9 body-type-mpart needs a part: describe an empty text part
                out.append("(\"text\" \"plain\" NIL NIL NIL \"7bit\" 0 0)");
            }
            for (BodyPartDto child : parts) {
                body(out, child, ext, utf8);
            }
            out.append(' ').append(ImapStrings.string(subtype, utf8));
            if (ext) {
                out.append(' ').append(params(p.params(), utf8))
                        .append(' ').append(disposition(p, utf8))
                        .append(' ').append(language(p.language(), utf8))
                        .append(' ').append(ImapStrings.nstring(p.location(), utf8));
            }
            out.append(')');
            return;
        }
        out.append(ImapStrings.string(type, utf8)).append(' ').append(ImapStrings.string(subtype, utf8))
                .append(' ').append(params(p.params(), utf8))
                .append(' ').append(ImapStrings.nstring(p.id(), utf8))
                .append(' ').append(ImapStrings.nstring(p.description(), utf8))
                .append(' ').append(ImapStrings.string(p.encoding() == null ? "7bit" : p.encoding(), utf8))
                .append(' ').append(Math.max(0, p.size()));
        if (type.equals("message") && subtype.equals("rfc822")) {
            BodyPartDto inner = p.parts() == null || p.parts().isEmpty() ? null : p.parts().get(0);
            out.append(' ').append(envelope(p.envelope(), utf8)).append(' ');
            if (inner == null) {
                out.append("(\"text\" \"plain\" NIL NIL NIL \"7bit\" 0 0)");
            } else {
                body(out, inner, ext, utf8);
            }
            out.append(' ').append(Math.max(0, p.lines()));
        } else if (type.equals("text")) {
            out.append(' ').append(Math.max(0, p.lines()));
        }
        if (ext) {
            out.append(' ').append(ImapStrings.nstring(p.md5(), utf8))
                    .append(' ').append(disposition(p, utf8))
                    .append(' ').append(language(p.language(), utf8))
                    .append(' ').append(ImapStrings.nstring(p.location(), utf8));
        }
        out.append(')');
    }

    private static String params(Map<String, String> params, boolean utf8) {
        if (params == null || params.isEmpty()) {
            return "NIL";
        }
        StringBuilder s = new StringBuilder("(");
        boolean first = true;
        for (Map.Entry<String, String> e : params.entrySet()) {
            s.append(first ? "" : " ").append(ImapStrings.string(e.getKey(), utf8)).append(' ')
                    .append(ImapStrings.string(e.getValue() == null ? "" : e.getValue(), utf8));
            first = false;
        }
        return s.append(')').toString();
    }

    private static String disposition(BodyPartDto p, boolean utf8) {
        if (p.disposition() == null) {
            return "NIL";
        }
        return "(" + ImapStrings.string(p.disposition(), utf8) + " " + params(p.dispositionParams(), utf8) + ")";
    }

    private static String language(List<String> language, boolean utf8) {
        if (language == null || language.isEmpty()) {
            return "NIL";
        }
        StringBuilder s = new StringBuilder("(");
        for (int i = 0; i < language.size(); i++) {
            s.append(i == 0 ? "" : " ").append(ImapStrings.string(language.get(i), utf8));
        }
        return s.append(')').toString();
    }

    private static String lower(String s, String fallback) {
        return s == null || s.isEmpty() ? fallback : s.toLowerCase(Locale.ROOT);
    }
}
