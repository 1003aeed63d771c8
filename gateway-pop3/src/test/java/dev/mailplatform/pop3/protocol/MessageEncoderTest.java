/* Mail platform. Licensed under the Apache License 2.0. */
package dev.mailplatform.pop3.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MessageEncoderTest {

    static Stream<Arguments> retrCases() {
        return Stream.of(
                Arguments.of("Subject: a\r\n\r\nbody\r\n", "Subject: a\r\n\r\nbody\r\n.\r\n"),
                // RFC 1939 §3 byte-stuffing: only a leading "." is doubled, also on the first line
                Arguments.of("S: a\r\n\r\n.hidden\r\n..two\r\nmid.dle\r\n.\r\n",
                        "S: a\r\n\r\n..hidden\r\n...two\r\nmid.dle\r\n..\r\n.\r\n"),
                Arguments.of(".first\r\n", "..first\r\n.\r\n"),
                // bare LF becomes CRLF; a bare CR in a line is passed through
                Arguments.of("S: a\n\nline1\nline2\n", "S: a\r\n\r\nline1\r\nline2\r\n.\r\n"),
                Arguments.of("S: a\r\n\r\nx\ry\r\n", "S: a\r\n\r\nx\ry\r\n.\r\n"),
                // a missing final line end is added before the terminator
                Arguments.of("S: a\r\n\r\nno end", "S: a\r\n\r\nno end\r\n.\r\n"),
                Arguments.of("S: a\r\n\r\nends in CR\r", "S: a\r\n\r\nends in CR\r\n.\r\n"),
                Arguments.of("", ".\r\n"));
    }

    static Stream<Arguments> topCases() {
        String msg = "From: a\r\nSubject: b\r\n\r\n.one\r\ntwo\r\nthree\r\n";
        return Stream.of(
                Arguments.of(msg, 0, "From: a\r\nSubject: b\r\n\r\n.\r\n"),
                Arguments.of(msg, 1, "From: a\r\nSubject: b\r\n\r\n..one\r\n.\r\n"),
                Arguments.of(msg, 2, "From: a\r\nSubject: b\r\n\r\n..one\r\ntwo\r\n.\r\n"),
                Arguments.of(msg, 100, "From: a\r\nSubject: b\r\n\r\n..one\r\ntwo\r\nthree\r\n.\r\n"),
                // no blank line at all: the whole message is header
                Arguments.of("From: a\r\nSubject: b\r\n", 0, "From: a\r\nSubject: b\r\n.\r\n"),
                Arguments.of("From: a\n\nbody1\nbody2\n", 1, "From: a\r\n\r\nbody1\r\n.\r\n"));
    }

    @ParameterizedTest
    @MethodSource("retrCases")
    void retrEncodesIdenticallyForEveryChunkSize(String stored, String wire) {
        for (int chunk = 1; chunk <= Math.max(1, stored.length()); chunk++) {
            assertThat(encode(MessageEncoder.forRetr(), stored, chunk)).as("chunk %d", chunk).isEqualTo(wire);
        }
    }

    @ParameterizedTest
    @MethodSource("topCases")
    void topSendsHeaderBlankLineAndFirstLines(String stored, int lines, String wire) {
        for (int chunk = 1; chunk <= stored.length(); chunk++) {
            assertThat(encode(MessageEncoder.forTop(lines), stored, chunk)).as("chunk %d", chunk).isEqualTo(wire);
        }
    }

    @Test
    void topReportsCompleteSoStorageReadsCanStop() {
        MessageEncoder encoder = MessageEncoder.forTop(1);
        encoder.encode(bytes("S: x\r\n\r\nfirst\r\n"));
        assertThat(encoder.isComplete()).isTrue();
        assertThat(encoder.encode(bytes("more\r\n"))).isEmpty();
    }

    @Test
    void largeMessageInChunksOfEverySizeUpTo512() {
        StringBuilder sb = new StringBuilder("Subject: big\r\n\r\n");
        IntStream.range(0, 300).forEach(i -> sb.append(i % 7 == 0 ? "." : "").append("line ").append(i).append("\r\n"));
        String stored = sb.toString();
        String expected = stored.replace("\r\n.", "\r\n..") + ".\r\n";
        for (int chunk = 1; chunk <= 512; chunk++) {
            assertThat(encode(MessageEncoder.forRetr(), stored, chunk)).as("chunk %d", chunk).isEqualTo(expected);
        }
    }

    @Test
    void randomMessagesInRandomChunksMatchALineByLineReading() {
        java.util.Random random = new java.util.Random(42);
        char[] alphabet = {'a', 'b', ' ', '.', '.', '\r', '\n', '\n'};
        for (int round = 0; round < 3_000; round++) {
            StringBuilder sb = new StringBuilder();
            int length = random.nextInt(200);
            for (int i = 0; i < length; i++) {
                sb.append(alphabet[random.nextInt(alphabet.length)]);
            }
            String stored = sb.toString();
            int chunk = 1 + random.nextInt(64);
            assertThat(encode(MessageEncoder.forRetr(), stored, chunk)).as("%s in chunks of %d", stored, chunk)
                    .isEqualTo(referenceRetr(stored));
        }
    }

    /** RFC 1939 §3 read literally, one line at a time: CRLF or LF ends a line, a final CR too; "." lines stuffed. */
    private static String referenceRetr(String stored) {
        StringBuilder out = new StringBuilder();
        StringBuilder line = new StringBuilder();
        boolean open = false;
        for (int i = 0; i < stored.length(); i++) {
            char c = stored.charAt(i);
            boolean crlf = c == '\r' && i + 1 < stored.length() && stored.charAt(i + 1) == '\n';
            boolean finalCr = c == '\r' && i == stored.length() - 1;
            if (crlf || c == '\n' || finalCr) {
                out.append(line.length() > 0 && line.charAt(0) == '.' ? "." : "").append(line).append("\r\n");
                line.setLength(0);
                open = false;
                if (crlf) {
                    i++;
                }
            } else {
                line.append(c);
                open = true;
            }
        }
        if (open) {
            out.append(line.charAt(0) == '.' ? "." : "").append(line).append("\r\n");
        }
        return out.append(".\r\n").toString();
    }

    @Test
    void finishTwiceIsAProgrammingError() {
        MessageEncoder encoder = MessageEncoder.forRetr();
        encoder.finish();
        assertThatThrownBy(encoder::finish).isInstanceOf(IllegalStateException.class);
    }

    private static String encode(MessageEncoder encoder, String stored, int chunk) {
        byte[] in = bytes(stored);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < in.length; i += chunk) {
            out.writeBytes(encoder.encode(in, i, Math.min(chunk, in.length - i)));
        }
        out.writeBytes(encoder.finish());
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
