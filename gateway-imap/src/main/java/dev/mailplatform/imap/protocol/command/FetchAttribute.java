package dev.mailplatform.imap.protocol.command;

import dev.mailplatform.imap.error.ProtocolException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** One FETCH data item (RFC 9051 §6.4.5; RFC 3516 BINARY; RFC 7162 MODSEQ). */
public sealed interface FetchAttribute {
    /** Items answered from metadata alone. */
    enum Simple implements FetchAttribute {
        UID("UID"), FLAGS("FLAGS"), INTERNALDATE("INTERNALDATE"), RFC822_SIZE("RFC822.SIZE"), ENVELOPE("ENVELOPE"),
        BODYSTRUCTURE("BODYSTRUCTURE"), BODY("BODY"), MODSEQ("MODSEQ");

        private final String responseName;

        Simple(String responseName) {
            this.responseName = responseName;
        }

        public String responseName() {
            return responseName;
        }
    }

    /** Which family a {@link Section} belongs to; decides the response name and whether content is decoded. */
    enum SectionKind {
        BODY, BINARY, BINARY_SIZE, RFC822, RFC822_HEADER, RFC822_TEXT
    }

    /**
     * A body section: {@code part} are the MIME part numbers (empty: the whole message), {@code text} is null (the
     * part's content), HEADER, HEADER.FIELDS, HEADER.FIELDS.NOT, TEXT or MIME; the partial range is in octets.
     */
    record Section(SectionKind kind, boolean peek, List<Integer> part, String text, List<String> fields,
            Long partialStart, Long partialLength) implements FetchAttribute {
        public Section {
            part = List.copyOf(part);
            fields = fields == null ? List.of() : List.copyOf(fields);
        }

        /** RFC 9051 §6.4.5: fetching content without .PEEK sets \Seen. RFC822.HEADER never does. */
        public boolean setsSeen() {
            return !peek && kind != SectionKind.BINARY_SIZE && kind != SectionKind.RFC822_HEADER;
        }

        public String spec() {
            StringBuilder s = new StringBuilder();
            for (int i = 0; i < part.size(); i++) {
                s.append(i == 0 ? "" : ".").append(part.get(i));
            }
            if (text != null) {
                s.append(part.isEmpty() ? "" : ".").append(text);
            }
            if (!fields.isEmpty()) {
                s.append(" (").append(String.join(" ", fields)).append(')');
            }
            return s.toString();
        }

        /** The item name in the response: the section as requested, the partial as its origin only. */
        public String responseName() {
            return switch (kind) {
                case RFC822 -> "RFC822";
                case RFC822_HEADER -> "RFC822.HEADER";
                case RFC822_TEXT -> "RFC822.TEXT";
                case BINARY_SIZE -> "BINARY.SIZE[" + spec() + "]";
                case BODY, BINARY -> (kind == SectionKind.BODY ? "BODY[" : "BINARY[") + spec() + "]"
                        + (partialStart == null ? "" : "<" + partialStart + ">");
            };
        }

        public static Section parse(String raw) {
            String upper = raw.toUpperCase(Locale.ROOT);
            int open = upper.indexOf('[');
            int close = upper.lastIndexOf(']');
            if (open < 0 || close < open) {
                throw ProtocolException.bad("Invalid FETCH section");
            }
            String prefix = upper.substring(0, open);
            SectionKind kind;
            boolean peek = false;
            switch (prefix) {
                case "BODY" -> kind = SectionKind.BODY;
                case "BODY.PEEK" -> {
                    kind = SectionKind.BODY;
                    peek = true;
                }
                case "BINARY" -> kind = SectionKind.BINARY;
                case "BINARY.PEEK" -> {
                    kind = SectionKind.BINARY;
                    peek = true;
                }
                case "BINARY.SIZE" -> kind = SectionKind.BINARY_SIZE;
                default -> throw ProtocolException.bad("Invalid FETCH section");
            }
            String inside = raw.substring(open + 1, close);
            String tail = raw.substring(close + 1);
            Long start = null;
            Long length = null;
            if (!tail.isEmpty()) {
                if (kind == SectionKind.BINARY_SIZE || !tail.startsWith("<") || !tail.endsWith(">")) {
                    throw ProtocolException.bad("Invalid FETCH partial");
                }
                String[] range = tail.substring(1, tail.length() - 1).split("\\.", -1);
                if (range.length != 2) {
                    throw ProtocolException.bad("Invalid FETCH partial");
                }
                start = partialNumber(range[0]);
                length = partialNumber(range[1]);
                if (length == 0) {
                    throw ProtocolException.bad("Invalid FETCH partial");
                }
            }
            List<String> fields = null;
            String head = inside;
            int space = inside.indexOf(' ');
            if (space >= 0) {
                head = inside.substring(0, space);
                String list = inside.substring(space + 1).trim();
                if (!list.startsWith("(") || !list.endsWith(")")) {
                    throw ProtocolException.bad("Invalid header field list");
                }
                fields = new ArrayList<>();
                for (String f : list.substring(1, list.length() - 1).trim().split("\\s+")) {
                    String name = f.startsWith("\"") && f.endsWith("\"") && f.length() >= 2
                            ? f.substring(1, f.length() - 1) : f;
                    if (name.isEmpty() || !name.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != ':')) {
                        throw ProtocolException.bad("Invalid header field name");
                    }
                    fields.add(name.toUpperCase(Locale.ROOT));
                }
            }
            List<Integer> part = new ArrayList<>();
            String text = null;
            if (!head.isEmpty()) {
                String[] pieces = head.split("\\.", -1);
                int i = 0;
                for (; i < pieces.length && !pieces[i].isEmpty() && pieces[i].chars().allMatch(Character::isDigit);
                        i++) {
                    if (pieces[i].length() > 5 || pieces[i].startsWith("0")) {
                        throw ProtocolException.bad("Invalid section part number");
                    }
                    part.add(Integer.parseInt(pieces[i]));
                }
                if (i < pieces.length) {
                    text = String.join(".", java.util.Arrays.copyOfRange(pieces, i, pieces.length))
                            .toUpperCase(Locale.ROOT);
                }
            }
            boolean withFields = "HEADER.FIELDS".equals(text) || "HEADER.FIELDS.NOT".equals(text);
            if (text != null && !withFields && !text.equals("HEADER") && !text.equals("TEXT")
                    && !(text.equals("MIME") && !part.isEmpty())) {
                throw ProtocolException.bad("Invalid section text");
            }
            if (withFields != (fields != null) || (withFields && fields.isEmpty())) {
                throw ProtocolException.bad("Invalid header field list");
            }
            if (kind != SectionKind.BODY && text != null) {
                throw ProtocolException.bad("BINARY takes part numbers only (RFC 3516)");
            }
            return new Section(kind, peek, part, text, fields, start, length);
        }

        private static long partialNumber(String s) {
            if (s.isEmpty() || s.length() > 10 || !s.chars().allMatch(Character::isDigit)) {
                throw ProtocolException.bad("Invalid FETCH partial");
            }
            return Long.parseLong(s);
        }
    }
}
