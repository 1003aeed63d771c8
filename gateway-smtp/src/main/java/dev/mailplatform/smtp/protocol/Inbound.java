/* Mail platform. Licensed under the Apache License 2.0. */
package dev.mailplatform.smtp.protocol;

import java.util.Arrays;

/** What {@link SmtpReceiver} produces from the byte stream, in order. */
public sealed interface Inbound {

    /** One command line without its line ending. */
    record CommandLine(byte[] bytes) implements Inbound {
        @Override
        public boolean equals(Object o) {
            return o instanceof CommandLine other && Arrays.equals(bytes, other.bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            return "CommandLine[" + new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1) + "]";
        }
    }

    /** A command line exceeded the limit; the rest of it up to the next LF is discarded without another event. */
    record LineTooLong() implements Inbound {
    }

    /** Message content with dot-stuffing removed; withheld once a defect has been seen. */
    record DataBytes(byte[] bytes) implements Inbound {
        @Override
        public boolean equals(Object o) {
            return o instanceof DataBytes other && Arrays.equals(bytes, other.bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            return "DataBytes[" + new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1) + "]";
        }
    }

    /** The CRLF.CRLF terminator was read; the receiver is back in command mode. */
    record DataEnd(DataDefect defect) implements Inbound {
    }

    /** The last octet of a BDAT chunk was read; the receiver is back in command mode. */
    record ChunkEnd() implements Inbound {
    }

    /** Why the content of a DATA transaction must be refused even though it ended properly. */
    enum DataDefect {
        NONE,
        /** RFC 5321 §2.3.8: LF not preceded by CR. Accepting it enables SMTP smuggling. */
        BARE_LF,
        /** RFC 5321 §2.3.8: CR not followed by LF. */
        BARE_CR
    }
}
