package dev.mailplatform.mailbox.mime;

import dev.mailplatform.contracts.api.BodyPartDto;
import dev.mailplatform.contracts.api.EnvelopeDto;
import dev.mailplatform.contracts.api.EnvelopeDto.AddressDto;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.james.mime4j.codec.Base64InputStream;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.QuotedPrintableInputStream;
import org.apache.james.mime4j.dom.address.Address;
import org.apache.james.mime4j.dom.address.AddressList;
import org.apache.james.mime4j.dom.address.Group;
import org.apache.james.mime4j.dom.address.Mailbox;
import org.apache.james.mime4j.field.address.LenientAddressParser;

/**
 * Turns raw message bytes into {@link ParsedMessage}: the IMAP ENVELOPE and BODYSTRUCTURE with the byte offsets of
 * every part, the header fields SEARCH and SORT need, a thread id and the searchable text. Pure and thread-safe.
 *
 * <p>The structure walk is done here over the byte array because Mime4j's stream parser does not expose byte offsets,
 * which the IMAP gateway needs to serve BODY[section] as S3 range reads; Mime4j does the field-level work (RFC 2047
 * words, address lists, transfer decodings). Never throws for bad input: whatever cannot be understood degrades to a
 * plain single part (RFC 9051 §7.5.2 still requires a BODYSTRUCTURE for every message).
 */
public final class MimeParser {
    /** Limits: a hostile message must not cost unbounded CPU or memory. */
    public record Limits(int maxDepth, int maxParts, int maxHeaderChars, int maxTextChars) {
        public static final Limits DEFAULT = new Limits(20, 500, 16_384, 65_536);
    }

    private static final DateTimeFormatter RFC_5322_DATE = new DateTimeFormatterBuilder()
            .parseCaseInsensitive().parseLenient()
            .optionalStart().appendPattern("EEE").appendLiteral(',').optionalEnd()
            .optionalStart().appendLiteral(' ').optionalEnd()
            .appendValue(ChronoField.DAY_OF_MONTH, 1, 2, java.time.format.SignStyle.NOT_NEGATIVE)
            .appendLiteral(' ').appendPattern("MMM").appendLiteral(' ')
            .appendValueReduced(ChronoField.YEAR, 2, 4, 1950)
            .appendLiteral(' ').appendPattern("HH:mm")
            .optionalStart().appendLiteral(':').appendPattern("ss").optionalEnd()
            .appendLiteral(' ').appendOffset("+HHMM", "+0000")
            .toFormatter(Locale.ENGLISH);
    private static final Pattern MSG_ID = Pattern.compile("<[^<>\\s]+>");
    private static final Pattern LEADER = Pattern.compile(
            "^(?:\\[[^\\[\\]]*\\]\\s*)*(?:re|fwd?)\\s*(?:\\[[^\\[\\]]*\\])?\\s*:\\s*", Pattern.CASE_INSENSITIVE);
    private static final Pattern BLOB = Pattern.compile("^\\[[^\\[\\]]*\\]\\s*");
    private static final Pattern FWD_TRAILER = Pattern.compile("\\s*\\(fwd\\)\\s*$", Pattern.CASE_INSENSITIVE);
    private static final Pattern FWD_WRAPPER = Pattern.compile("^\\[fwd:(.*)\\]$", Pattern.CASE_INSENSITIVE);
    private static final Pattern HTML_TAG = Pattern.compile("<[^>]*>");

    private final Limits limits;

    public MimeParser(Limits limits) {
        this.limits = limits;
    }

    /** The structure of a message whose body could not be read or parsed: one opaque part of {@code size} bytes. */
    public static ParsedMessage degraded(String status, long size) {
        BodyPartDto part = new BodyPartDto("text", "plain", Map.of("charset", "us-ascii"), null, null, "7bit", size,
                0, null, null, Map.of(), List.of(), null, 0, 0, size, List.of(), null);
        EnvelopeDto envelope = new EnvelopeDto(null, null, null, null, null, null, null, null, null, null);
        return new ParsedMessage(status, size, envelope, part, null, null, null, null, null, null, null, null, "",
                "", "", "", null, null, null, "", "");
    }

    public ParsedMessage parse(byte[] raw) {
        try {
            return parseOrThrow(raw);
        } catch (RuntimeException | StackOverflowError e) {
            return degraded("degraded", raw.length);
        }
    }

    private ParsedMessage parseOrThrow(byte[] raw) {
        int[] partCount = {0};
        StringBuilder text = new StringBuilder();
        int headerEnd = headerEnd(raw, 0, raw.length);
        HeaderFields headers = HeaderFields.parse(raw, 0, headerEnd);
        BodyPartDto root = part(raw, 0, raw.length, headers, headerEnd, false, 0, partCount, text);
        EnvelopeDto envelope = envelope(headers);
        String messageId = headers.first("Message-ID");
        String inReplyTo = headers.first("In-Reply-To");
        String references = headers.first("References");
        OffsetDateTime sent = parseDate(headers.first("Date"));
        String subject = HeaderFields.decodeWords(headers.first("Subject"));
        return new ParsedMessage("ok", raw.length, envelope, root, threadId(messageId, inReplyTo, references),
                sent == null ? null : sent.toInstant(), sent == null ? null : sent.toLocalDate(),
                addressText(headers.first("From")), addressText(headers.first("To")),
                addressText(headers.first("Cc")), addressText(headers.first("Bcc")), subject,
                baseSubject(subject), sortKey(envelope.from()), sortKey(envelope.to()), sortKey(envelope.cc()),
                messageId, inReplyTo, references, headerText(headers), cap(text.toString(), limits.maxTextChars()));
    }

    private BodyPartDto part(byte[] raw, int start, int end, HeaderFields headers, int headerEnd, boolean inDigest,
            int depth, int[] partCount, StringBuilder text) {
        partCount[0]++;
        int bodyStart = bodyStart(raw, headerEnd, end);
        HeaderFields.Structured contentType = HeaderFields.structured(headers.first("Content-Type"));
        String type = inDigest ? "message" : "text";
        String subtype = inDigest ? "rfc822" : "plain";
        Map<String, String> params = contentType.params();
        String ctValue = contentType.value();
        if (ctValue != null && ctValue.indexOf('/') > 0) {
            type = ctValue.substring(0, ctValue.indexOf('/')).strip().toLowerCase(Locale.ROOT);
            subtype = ctValue.substring(ctValue.indexOf('/') + 1).strip().toLowerCase(Locale.ROOT);
        } else if (ctValue != null && !ctValue.isBlank()) {
            params = Map.of(); // RFC 2045 §5.2: an unreadable Content-Type means text/plain; charset=us-ascii
        }
        if (type.equals("text") && !params.containsKey("charset")) {
            params = new java.util.LinkedHashMap<>(params);
            params.put("charset", "us-ascii");
        }
        String encoding = headers.first("Content-Transfer-Encoding");
        encoding = encoding == null || encoding.isBlank() ? "7bit"
                : HeaderFields.stripComments(encoding).strip().toLowerCase(Locale.ROOT);
        HeaderFields.Structured disposition = HeaderFields.structured(headers.first("Content-Disposition"));
        String dispositionValue = disposition.value() == null || disposition.value().isBlank() ? null
                : disposition.value().toLowerCase(Locale.ROOT);
        List<String> language = languages(headers.first("Content-Language"));
        List<BodyPartDto> children = List.of();
        EnvelopeDto innerEnvelope = null;
        long lines = -1;
        boolean canRecurse = depth < limits.maxDepth() && partCount[0] < limits.maxParts();
        if (type.equals("multipart") && canRecurse) {
            List<BodyPartDto> parts = multipart(raw, bodyStart, end, params.get("boundary"),
                    subtype.equals("digest"), depth, partCount, text);
            if (parts == null) {
                // no usable boundary: RFC 2046 §5.1.1 gives no recovery, so it is served as an opaque leaf
                type = "application";
                subtype = "octet-stream";
            } else {
                children = parts;
            }
        } else if (type.equals("multipart")) {
            type = "application";
            subtype = "octet-stream";
        } else if (type.equals("message") && subtype.equals("rfc822") && canRecurse
                && isIdentity(encoding)) {
            int innerHeaderEnd = headerEnd(raw, bodyStart, end);
            HeaderFields inner = HeaderFields.parse(raw, bodyStart, innerHeaderEnd);
            children = List.of(part(raw, bodyStart, end, inner, innerHeaderEnd, false, depth + 1, partCount, text));
            innerEnvelope = envelope(inner);
            lines = countLines(raw, bodyStart, end);
        } else if (type.equals("text")) {
            lines = countLines(raw, bodyStart, end);
            appendText(raw, bodyStart, end, encoding, params.get("charset"), subtype, text);
        }
        if (type.equals("message") && subtype.equals("rfc822") && lines < 0) {
            lines = countLines(raw, bodyStart, end);
        }
        return new BodyPartDto(type, subtype, params, headers.first("Content-ID"),
                HeaderFields.decodeWords(headers.first("Content-Description")), encoding, end - bodyStart, lines,
                headers.first("Content-MD5"), dispositionValue, disposition.params(), language,
                headers.first("Content-Location"), start, bodyStart, end, children, innerEnvelope);
    }

    private static boolean isIdentity(String encoding) {
        return encoding.equals("7bit") || encoding.equals("8bit") || encoding.equals("binary");
    }

    /**
     * The parts of a multipart body, or null when the boundary is absent or never occurs. RFC 2046 §5.1.1: the CRLF
     * before a delimiter belongs to the delimiter, so a part ends before it; a missing close delimiter ends the last
     * part at the end of the body.
     */
    private List<BodyPartDto> multipart(byte[] raw, int bodyStart, int end, String boundary, boolean digest,
            int depth, int[] partCount, StringBuilder text) {
        if (boundary == null || boundary.isEmpty() || boundary.length() > 200) {
            return null;
        }
        byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        List<int[]> ranges = new ArrayList<>();
        int partStart = -1;
        int pos = bodyStart;
        boolean closed = false;
        while (pos < end) {
            int lineEnd = lineEnd(raw, pos, end);
            if (startsWith(raw, pos, lineEnd, delimiter)) {
                int after = pos + delimiter.length;
                boolean close = after + 2 <= lineEnd && raw[after] == '-' && raw[after + 1] == '-';
                if (onlyWhitespace(raw, close ? after + 2 : after, contentEnd(raw, pos, lineEnd))) {
                    if (partStart >= 0) {
                        ranges.add(new int[] {partStart, precedingLineBreak(raw, partStart, pos)});
                    }
                    if (close) {
                        closed = true;
                        break;
                    }
                    partStart = lineEnd;
                }
            }
            pos = lineEnd;
        }
        if (!closed && partStart >= 0 && partStart <= end) {
            ranges.add(new int[] {partStart, end});
        }
        if (ranges.isEmpty()) {
            return null;
        }
        List<BodyPartDto> parts = new ArrayList<>();
        for (int[] range : ranges) {
            if (partCount[0] >= limits.maxParts()) {
                break;
            }
            int headerEnd = headerEndOrStart(raw, range[0], range[1]);
            HeaderFields headers = HeaderFields.parse(raw, range[0], headerEnd);
            parts.add(part(raw, range[0], range[1], headers, headerEnd, digest, depth + 1, partCount, text));
        }
        return parts;
    }

    /** Offset just past the line break that ends the line starting at {@code pos} (or {@code end}). */
    private static int lineEnd(byte[] raw, int pos, int end) {
        for (int i = pos; i < end; i++) {
            if (raw[i] == '\n') {
                return i + 1;
            }
        }
        return end;
    }

    private static int contentEnd(byte[] raw, int lineStart, int lineEnd) {
        int e = lineEnd;
        if (e > lineStart && raw[e - 1] == '\n') {
            e--;
        }
        if (e > lineStart && raw[e - 1] == '\r') {
            e--;
        }
        return e;
    }

    private static boolean startsWith(byte[] raw, int pos, int limit, byte[] prefix) {
        if (limit - pos < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (raw[pos + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean onlyWhitespace(byte[] raw, int from, int to) {
        for (int i = from; i < to; i++) {
            if (raw[i] != ' ' && raw[i] != '\t') {
                return false;
            }
        }
        return true;
    }

    private static int precedingLineBreak(byte[] raw, int partStart, int delimiterStart) {
        int e = delimiterStart;
        if (e > partStart && raw[e - 1] == '\n') {
            e--;
            if (e > partStart && raw[e - 1] == '\r') {
                e--;
            }
        }
        return e;
    }

    /** End of the header block starting at {@code start} (before the blank line); {@code end} when there is none. */
    static int headerEnd(byte[] raw, int start, int end) {
        int pos = start;
        while (pos < end) {
            if (raw[pos] == '\n') {
                return pos; // empty first line: no header at all
            }
            if (raw[pos] == '\r' && pos + 1 < end && raw[pos + 1] == '\n') {
                return pos;
            }
            int lineEnd = lineEnd(raw, pos, end);
            pos = lineEnd;
        }
        return end;
    }

    /**
     * Like {@link #headerEnd}, but a body part whose first line is not a header field has no header (RFC 2046 §5.1.1:
     * a part may start with the blank line).
     */
    private static int headerEndOrStart(byte[] raw, int start, int end) {
        return headerEnd(raw, start, end);
    }

    /** Offset after the blank line that ends the header at {@code headerEnd}. */
    private static int bodyStart(byte[] raw, int headerEnd, int end) {
        if (headerEnd >= end) {
            return end;
        }
        if (raw[headerEnd] == '\r' && headerEnd + 1 < end && raw[headerEnd + 1] == '\n') {
            return headerEnd + 2;
        }
        return headerEnd + 1;
    }

    private static long countLines(byte[] raw, int from, int to) {
        long lines = 0;
        for (int i = from; i < to; i++) {
            if (raw[i] == '\n') {
                lines++;
            }
        }
        if (to > from && raw[to - 1] != '\n') {
            lines++; // a last line without a line break still counts (RFC 9051 §7.5.2 "size in text lines")
        }
        return lines;
    }

    private void appendText(byte[] raw, int from, int to, String encoding, String charset, String subtype,
            StringBuilder text) {
        if (text.length() >= limits.maxTextChars() || to <= from) {
            return;
        }
        if (!subtype.equals("plain") && !subtype.equals("html") && !subtype.equals("enriched")) {
            return;
        }
        byte[] decoded;
        try (InputStream in = decoder(new ByteArrayInputStream(raw, from, to - from), encoding)) {
            decoded = in.readNBytes(limits.maxTextChars() * 4);
        } catch (IOException | RuntimeException e) {
            return;
        }
        String body = new String(decoded, HeaderFields.charset(charset));
        if (subtype.equals("html")) {
            body = HTML_TAG.matcher(body).replaceAll(" ");
        }
        if (text.length() > 0) {
            text.append('\n');
        }
        text.append(body, 0, Math.min(body.length(), limits.maxTextChars() - text.length()));
    }

    private static InputStream decoder(InputStream in, String encoding) {
        return switch (encoding) {
            case "base64" -> new Base64InputStream(in, DecodeMonitor.SILENT);
            case "quoted-printable" -> new QuotedPrintableInputStream(in, DecodeMonitor.SILENT);
            default -> in;
        };
    }

    private static List<String> languages(String header) {
        if (header == null || header.isBlank()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (String tag : HeaderFields.stripComments(header).split(",")) {
            if (!tag.isBlank()) {
                out.add(tag.strip());
            }
        }
        return out;
    }

    /** RFC 9051 §7.5.2: sender and reply-to default to from. */
    static EnvelopeDto envelope(HeaderFields h) {
        List<AddressDto> from = addresses(h.first("From"));
        List<AddressDto> sender = addresses(h.first("Sender"));
        List<AddressDto> replyTo = addresses(h.first("Reply-To"));
        return new EnvelopeDto(h.first("Date"), HeaderFields.decodeWords(h.first("Subject")), from,
                sender == null ? from : sender, replyTo == null ? from : replyTo, addresses(h.first("To")),
                addresses(h.first("Cc")), addresses(h.first("Bcc")), h.first("In-Reply-To"), h.first("Message-ID"));
    }

    private static List<AddressDto> addresses(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        AddressList list;
        try {
            list = LenientAddressParser.DEFAULT.parseAddressList(header);
        } catch (RuntimeException e) {
            return null;
        }
        List<AddressDto> out = new ArrayList<>();
        for (Address address : list) {
            if (address instanceof Mailbox mailbox) {
                out.add(address(mailbox));
            } else if (address instanceof Group group) {
                // RFC 9051 §7.5.2: a group is a start marker (mailbox = group name, host NIL) and an end marker
                out.add(new AddressDto(null, null, HeaderFields.decodeWords(group.getName()), null));
                for (Mailbox member : group.getMailboxes()) {
                    out.add(address(member));
                }
                out.add(new AddressDto(null, null, null, null));
            }
        }
        return out.isEmpty() ? null : out;
    }

    private static AddressDto address(Mailbox mailbox) {
        String name = mailbox.getName();
        return new AddressDto(name == null || name.isEmpty() ? null : HeaderFields.decodeWords(name),
                mailbox.getRoute() == null || mailbox.getRoute().isEmpty() ? null
                        : mailbox.getRoute().toRouteString(),
                mailbox.getLocalPart(), mailbox.getDomain());
    }

    private static String addressText(String header) {
        return header == null ? null : HeaderFields.decodeWords(header);
    }

    /** RFC 5256 §3: the first address's mailbox (local part), compared case-insensitively. */
    private static String sortKey(List<AddressDto> addresses) {
        if (addresses == null) {
            return "";
        }
        for (AddressDto a : addresses) {
            if (a.host() != null && a.mailbox() != null) {
                return a.mailbox().toLowerCase(Locale.ROOT);
            }
        }
        return "";
    }

    static OffsetDateTime parseDate(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String cleaned = HeaderFields.stripComments(header).replaceAll("\\s+", " ").strip();
        // obsolete zone names (RFC 5322 §4.3) that clients still send
        cleaned = cleaned.replaceAll("(?i) (UT|GMT|Z)$", " +0000").replaceAll("(?i) EST$", " -0500")
                .replaceAll("(?i) EDT$", " -0400").replaceAll("(?i) CST$", " -0600").replaceAll("(?i) CDT$", " -0500")
                .replaceAll("(?i) MST$", " -0700").replaceAll("(?i) MDT$", " -0600").replaceAll("(?i) PST$", " -0800")
                .replaceAll("(?i) PDT$", " -0700");
        try {
            return OffsetDateTime.parse(cleaned, RFC_5322_DATE);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /**
     * RFC 5256 §2.1 base subject, lower-cased for i;ascii-casemap comparison: strips "Re:", "Fwd:", "[list]" leaders,
     * "(fwd)" trailers and "[fwd: ...]" wrappers until nothing changes.
     */
    public static String baseSubject(String subject) {
        if (subject == null) {
            return "";
        }
        String s = subject.replaceAll("[\\t\\r\\n ]+", " ").strip();
        while (true) {
            String before = s;
            s = FWD_TRAILER.matcher(s).replaceAll("");
            while (true) {
                String inner = s;
                Matcher leader = LEADER.matcher(s);
                if (leader.find() && leader.end() > 0) {
                    s = s.substring(leader.end());
                }
                Matcher blob = BLOB.matcher(s);
                if (blob.find() && blob.end() < s.length()) {
                    s = s.substring(blob.end());
                }
                if (s.equals(inner)) {
                    break;
                }
            }
            Matcher wrapper = FWD_WRAPPER.matcher(s);
            if (wrapper.matches()) {
                s = wrapper.group(1).strip();
            }
            if (s.equals(before)) {
                return s.toLowerCase(Locale.ROOT);
            }
        }
    }

    /**
     * Messages of one conversation share the root of their reference chain: the first References id, else the
     * In-Reply-To id, else the message's own Message-ID. Hashed so the id is short and opaque.
     */
    static String threadId(String messageId, String inReplyTo, String references) {
        String root = firstId(references);
        if (root == null) {
            root = firstId(inReplyTo);
        }
        if (root == null) {
            root = firstId(messageId);
        }
        if (root == null) {
            return null;
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(root.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Message ids of a References / In-Reply-To header, in order. */
    public static List<String> ids(String header) {
        List<String> ids = new ArrayList<>();
        if (header != null) {
            Matcher m = MSG_ID.matcher(header);
            while (m.find()) {
                ids.add(m.group());
            }
        }
        return ids;
    }

    private static String firstId(String header) {
        List<String> ids = ids(header);
        return ids.isEmpty() ? null : ids.get(0);
    }

    private String headerText(HeaderFields headers) {
        StringBuilder out = new StringBuilder();
        for (HeaderFields.Field f : headers.all()) {
            if (out.length() >= limits.maxHeaderChars()) {
                break;
            }
            out.append(f.name()).append(": ").append(HeaderFields.decodeWords(f.value())).append('\n');
        }
        return cap(out.toString(), limits.maxHeaderChars());
    }

    private static String cap(String s, int max) {
        String noNul = s.indexOf('\0') >= 0 ? s.replace('\0', ' ') : s; // PostgreSQL text cannot hold NUL
        return noNul.length() <= max ? noNul : noNul.substring(0, max);
    }
}
