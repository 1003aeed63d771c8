package dev.mailplatform.imap.command.fetch;

import dev.mailplatform.contracts.api.BodyPartDto;
import dev.mailplatform.imap.protocol.command.FetchAttribute;
import java.util.List;
import java.util.Locale;

/**
 * Maps a body section (RFC 9051 §6.4.5 section-spec) to the octet range of the raw message holding it, from the
 * part offsets the mailbox service recorded at delivery, so the body is read from S3 with one range request.
 */
final class SectionLocator {
    /** Octets {@code [start, end)} of the raw message, and the part they belong to (null for the whole message). */
    record Range(long start, long end, BodyPartDto part) {
        long length() {
            return Math.max(0, end - start);
        }

        static final Range EMPTY = new Range(0, 0, null);
    }

    private SectionLocator() {
    }

    static boolean needsStructure(FetchAttribute.Section s) {
        return !s.part().isEmpty() || s.text() != null || s.kind() == FetchAttribute.SectionKind.BINARY
                || s.kind() == FetchAttribute.SectionKind.BINARY_SIZE;
    }

    /**
     * The range before any partial is applied. A section that does not exist in this message is empty (RFC 9051
     * leaves this to the server; an empty string is what Dovecot and Cyrus answer).
     */
    static Range locate(FetchAttribute.Section s, BodyPartDto root, long messageSize) {
        if (s.part().isEmpty()) {
            if (s.text() == null) {
                return new Range(0, messageSize, root);
            }
            if (root == null) {
                return Range.EMPTY;
            }
            return switch (s.text()) {
                case "TEXT" -> new Range(root.bodyStart(), end(root, messageSize), root);
                default -> new Range(0, root.bodyStart(), root); // HEADER, HEADER.FIELDS[.NOT]
            };
        }
        BodyPartDto node = navigate(root, s.part());
        if (node == null) {
            return Range.EMPTY;
        }
        if (s.text() == null) {
            return new Range(node.bodyStart(), node.bodyEnd(), node);
        }
        if (s.text().equals("MIME")) {
            return new Range(node.headerStart(), node.bodyStart(), node);
        }
        // HEADER / TEXT of a part: only a message/rfc822 part has them (its encapsulated message)
        if (!isMessage(node) || node.parts() == null || node.parts().isEmpty()) {
            return Range.EMPTY;
        }
        BodyPartDto inner = node.parts().get(0);
        return s.text().equals("TEXT") ? new Range(inner.bodyStart(), inner.bodyEnd(), inner)
                : new Range(inner.headerStart(), inner.bodyStart(), inner);
    }

    /** RFC 9051 §6.4.5: numbers pick parts of a multipart; "1" of a non-multipart part is that part's body. */
    static BodyPartDto navigate(BodyPartDto root, List<Integer> path) {
        BodyPartDto node = root;
        for (int i = 0; i < path.size() && node != null; i++) {
            int n = path.get(i);
            if (i > 0 && isMessage(node)) {
                // descending below a message/rfc822 part continues in the encapsulated message
                node = node.parts() == null || node.parts().isEmpty() ? null : node.parts().get(0);
                if (node == null) {
                    return null;
                }
            }
            if (isMultipart(node)) {
                List<BodyPartDto> parts = node.parts() == null ? List.of() : node.parts();
                node = n >= 1 && n <= parts.size() ? parts.get(n - 1) : null;
            } else if (n != 1) {
                return null;
            }
        }
        return node;
    }

    private static long end(BodyPartDto part, long messageSize) {
        return part.bodyEnd() > 0 ? part.bodyEnd() : messageSize;
    }

    static boolean isMultipart(BodyPartDto p) {
        return p.type() != null && p.type().toLowerCase(Locale.ROOT).equals("multipart");
    }

    static boolean isMessage(BodyPartDto p) {
        return p.type() != null && p.type().equalsIgnoreCase("message") && p.subtype() != null
                && p.subtype().equalsIgnoreCase("rfc822");
    }
}
