package dev.mailplatform.mailbox.mime;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.DecoderUtil;

/**
 * One header block, unfolded (RFC 5322 §2.2.3). Values are kept raw (only unfolded); decoding of RFC 2047 words is
 * left to the caller because ENVELOPE keeps Date and Message-ID as they are but decodes Subject and names.
 */
final class HeaderFields {
    record Field(String name, String value) {
    }

    private final List<Field> fields;

    private HeaderFields(List<Field> fields) {
        this.fields = fields;
    }

    List<Field> all() {
        return fields;
    }

    /** First value of the field (case-insensitive name), or null. */
    String first(String name) {
        for (Field f : fields) {
            if (f.name().equalsIgnoreCase(name)) {
                return f.value();
            }
        }
        return null;
    }

    /** Parses the header block in {@code raw[start, end)} (end excludes the blank line). */
    static HeaderFields parse(byte[] raw, int start, int end) {
        String text = clean(decodeBytes(raw, start, end - start));
        List<Field> fields = new ArrayList<>();
        String name = null;
        StringBuilder value = new StringBuilder();
        for (String line : text.split("\r?\n", -1)) {
            if (line.isEmpty()) {
                continue;
            }
            if ((line.charAt(0) == ' ' || line.charAt(0) == '\t') && name != null) {
                value.append(line); // RFC 5322 §2.2.3: unfolding removes the CRLF only
                continue;
            }
            int colon = line.indexOf(':');
            if (name != null) {
                fields.add(new Field(name, value.toString().strip()));
            }
            if (colon <= 0) {
                name = null; // not a field (RFC 5322 §2.2 violation): skipped, the rest still parses
                value.setLength(0);
                continue;
            }
            name = line.substring(0, colon).strip();
            value.setLength(0);
            value.append(line, colon + 1, line.length());
        }
        if (name != null) {
            fields.add(new Field(name, value.toString().strip()));
        }
        return new HeaderFields(fields);
    }

    /** Header bytes as text: UTF-8 when valid (RFC 6532), else ISO-8859-1 so no byte is lost. */
    static String decodeBytes(byte[] raw, int offset, int length) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(raw, offset, length)).toString();
        } catch (CharacterCodingException e) {
            return new String(raw, offset, length, StandardCharsets.ISO_8859_1);
        }
    }

    /** RFC 2047 encoded words decoded; never throws on malformed words (they stay as they are). */
    static String decodeWords(String value) {
        if (value == null || !value.contains("=?")) {
            return value;
        }
        try {
            return clean(DecoderUtil.decodeEncodedWords(value, DecodeMonitor.SILENT));
        } catch (RuntimeException e) {
            return value;
        }
    }

    /** A parsed Content-Type / Content-Disposition value: the leading token and its parameters. */
    record Structured(String value, Map<String, String> params) {
    }

    /**
     * Splits {@code type/subtype; a=b; c="d"} into its value and parameters, and decodes RFC 2231 parameters:
     * continuations ({@code name*0}, {@code name*1}) are joined and {@code name*=charset'lang'%XX} is decoded. Names
     * are lower-cased (they are case-insensitive, RFC 2045 §5.1). Lenient: garbage parameters are skipped.
     */
    static Structured structured(String header) {
        if (header == null) {
            return new Structured(null, Map.of());
        }
        List<String> pieces = splitParams(header);
        String value = pieces.isEmpty() ? "" : stripComments(pieces.get(0)).strip();
        Map<String, String> simple = new LinkedHashMap<>();
        Map<String, Map<Integer, String[]>> continued = new LinkedHashMap<>();
        for (int i = 1; i < pieces.size(); i++) {
            String piece = pieces.get(i);
            int eq = piece.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String name = piece.substring(0, eq).strip().toLowerCase(Locale.ROOT);
            String raw = piece.substring(eq + 1).strip();
            boolean quoted = raw.length() >= 2 && raw.startsWith("\"") && raw.endsWith("\"");
            String v = quoted ? unquote(raw) : stripComments(raw).strip();
            boolean extended = name.endsWith("*");
            String base = extended ? name.substring(0, name.length() - 1) : name;
            int star = base.indexOf('*');
            if (star > 0) { // RFC 2231 §3: name*N or name*N*
                String root = base.substring(0, star);
                try {
                    int index = Integer.parseInt(base.substring(star + 1));
                    continued.computeIfAbsent(root, k -> new java.util.TreeMap<>())
                            .put(index, new String[] {v, extended ? "1" : "0"});
                } catch (NumberFormatException e) {
                    // not a continuation: ignore the parameter
                }
            } else if (extended) {
                simple.put(base, decode2231(v, true));
            } else {
                simple.putIfAbsent(base, decodeWords(v)); // RFC 2047 words in parameters: common, though not standard
            }
        }
        for (Map.Entry<String, Map<Integer, String[]>> entry : continued.entrySet()) {
            StringBuilder joined = new StringBuilder();
            String charset = null;
            boolean first = true;
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            for (String[] segment : entry.getValue().values()) {
                String v = segment[0];
                boolean encoded = "1".equals(segment[1]);
                if (first && encoded) {
                    int q1 = v.indexOf('\'');
                    int q2 = q1 < 0 ? -1 : v.indexOf('\'', q1 + 1);
                    if (q2 > 0) {
                        charset = v.substring(0, q1);
                        v = v.substring(q2 + 1);
                    }
                }
                first = false;
                if (encoded) {
                    percentDecode(v, bytes);
                } else {
                    bytes.writeBytes(v.getBytes(StandardCharsets.UTF_8));
                }
            }
            joined.append(clean(new String(bytes.toByteArray(), charset(charset))));
            simple.put(entry.getKey(), joined.toString());
        }
        return new Structured(value, simple);
    }

    private static String decode2231(String v, boolean withCharset) {
        String charset = null;
        if (withCharset) {
            int q1 = v.indexOf('\'');
            int q2 = q1 < 0 ? -1 : v.indexOf('\'', q1 + 1);
            if (q2 > 0) {
                charset = v.substring(0, q1);
                v = v.substring(q2 + 1);
            }
        }
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        percentDecode(v, bytes);
        return clean(new String(bytes.toByteArray(), charset(charset)));
    }

    /** PostgreSQL text and jsonb cannot hold NUL; a NUL in a header is garbage anyway. */
    static String clean(String s) {
        return s != null && s.indexOf('\0') >= 0 ? s.replace('\0', ' ') : s;
    }

    private static void percentDecode(String v, java.io.ByteArrayOutputStream out) {
        for (int i = 0; i < v.length(); i++) {
            char ch = v.charAt(i);
            if (ch == '%' && i + 2 < v.length() && isHex(v.charAt(i + 1)) && isHex(v.charAt(i + 2))) {
                out.write(Integer.parseInt(v.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                out.writeBytes(String.valueOf(ch).getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    private static boolean isHex(char c) {
        return Character.digit(c, 16) >= 0;
    }

    /** The named charset, or UTF-8 when it is unknown or absent. */
    static Charset charset(String name) {
        if (name == null || name.isBlank()) {
            return StandardCharsets.UTF_8;
        }
        try {
            return Charset.forName(name.strip());
        } catch (RuntimeException e) {
            return StandardCharsets.UTF_8;
        }
    }

    private static List<String> splitParams(String header) {
        List<String> pieces = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean inQuotes = false;
        int comment = 0;
        for (int i = 0; i < header.length(); i++) {
            char ch = header.charAt(i);
            if (inQuotes) {
                current.append(ch);
                if (ch == '\\' && i + 1 < header.length()) {
                    current.append(header.charAt(++i));
                } else if (ch == '"') {
                    inQuotes = false;
                }
            } else if (comment > 0) {
                if (ch == '(') {
                    comment++;
                } else if (ch == ')') {
                    comment--;
                }
            } else if (ch == '"') {
                inQuotes = true;
                current.append(ch);
            } else if (ch == '(') {
                comment++;
            } else if (ch == ';') {
                pieces.add(current.toString());
                current.setLength(0);
            } else {
                current.append(ch);
            }
        }
        pieces.add(current.toString());
        return pieces;
    }

    private static String unquote(String quoted) {
        StringBuilder out = new StringBuilder();
        for (int i = 1; i < quoted.length() - 1; i++) {
            char ch = quoted.charAt(i);
            if (ch == '\\' && i + 1 < quoted.length() - 1) {
                ch = quoted.charAt(++i);
            }
            out.append(ch);
        }
        return out.toString();
    }

    static String stripComments(String value) {
        if (value.indexOf('(') < 0) {
            return value;
        }
        StringBuilder out = new StringBuilder();
        int depth = 0;
        boolean inQuotes = false;
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            if (!inQuotes && ch == '(') {
                depth++;
            } else if (!inQuotes && ch == ')' && depth > 0) {
                depth--;
            } else if (depth == 0) {
                if (ch == '"') {
                    inQuotes = !inQuotes;
                }
                out.append(ch);
            }
        }
        return out.toString();
    }
}
