package dev.mailplatform.imap.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** One lexical element of a command line (RFC 9051 §4). Section specs like {@code BODY[HEADER]} stay one atom. */
public sealed interface Token {
    record Atom(String value) implements Token {
    }

    record Quoted(String value) implements Token {
    }

    /** A literal's octets (RFC 9051 §4.3), synchronising or LITERAL+ (RFC 7888). */
    record Literal(byte[] bytes) implements Token {
        public String asString() {
            return new String(bytes, StandardCharsets.UTF_8);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Literal other && Arrays.equals(bytes, other.bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            return "Literal{" + bytes.length + " octets}";
        }
    }

    record ListStart() implements Token {
    }

    record ListEnd() implements Token {
    }

    ListStart LIST_START = new ListStart();
    ListEnd LIST_END = new ListEnd();
}
