/* Mail platform. Licensed under the Apache License 2.0. */
package dev.mailplatform.smtp.protocol;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mailplatform.smtp.protocol.Inbound.ChunkEnd;
import dev.mailplatform.smtp.protocol.Inbound.CommandLine;
import dev.mailplatform.smtp.protocol.Inbound.DataBytes;
import dev.mailplatform.smtp.protocol.Inbound.DataDefect;
import dev.mailplatform.smtp.protocol.Inbound.DataEnd;
import dev.mailplatform.smtp.protocol.Inbound.LineTooLong;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * Byte fixtures for the framer and the DATA reader. The receiver is driven like the session drives it: after a
 * line reading "DATA" it switches to data mode, so every fixture is a whole client transcript.
 */
class SmtpReceiverTest {
    private static final int MAX_LINE = 1000;

    static Stream<Arguments> corpus() {
        return Stream.of(
                Arguments.of("single command", "EHLO client.example\r\n",
                        List.of(line("EHLO client.example"))),
                Arguments.of("pipelined commands (RFC 2920 example)",
                        "MAIL FROM:<a@x.example>\r\nRCPT TO:<b@y.example>\r\nRCPT TO:<c@y.example>\r\nDATA\r\n"
                                + "hi\r\n.\r\nQUIT\r\n",
                        List.of(line("MAIL FROM:<a@x.example>"), line("RCPT TO:<b@y.example>"),
                                line("RCPT TO:<c@y.example>"), line("DATA"), data("hi\r\n"),
                                end(DataDefect.NONE), line("QUIT"))),
                Arguments.of("bare LF ends a command line", "NOOP\nQUIT\r\n",
                        List.of(line("NOOP"), line("QUIT"))),
                Arguments.of("empty line", "\r\nNOOP\r\n", List.of(line(""), line("NOOP"))),
                Arguments.of("NUL byte is passed to the parser", "NO\0OP\r\n", List.of(line("NO\0OP"))),
                Arguments.of("dot-stuffing removed", "DATA\r\n..leading dot\r\n...\r\n.x\r\n.\r\n",
                        List.of(line("DATA"), data(".leading dot\r\n..\r\nx\r\n"), end(DataDefect.NONE))),
                Arguments.of("empty message", "DATA\r\n.\r\nNOOP\r\n",
                        List.of(line("DATA"), end(DataDefect.NONE), line("NOOP"))),
                Arguments.of("dot inside a line is content", "DATA\r\na.b\r\n .\r\n.\r\n",
                        List.of(line("DATA"), data("a.b\r\n .\r\n"), end(DataDefect.NONE))),
                Arguments.of("8-bit content and NUL kept verbatim", "DATA\r\n\u00e9t\u00e9\0\r\n.\r\n",
                        List.of(line("DATA"), data("\u00e9t\u00e9\0\r\n"), end(DataDefect.NONE))),
                Arguments.of("smuggling: LF.LF does not end DATA", "DATA\r\nA\n.\nMAIL FROM:<evil@x>\r\n.\r\nNOOP\r\n",
                        List.of(line("DATA"), data("A"), end(DataDefect.BARE_LF), line("NOOP"))),
                Arguments.of("smuggling: LF.CRLF does not end DATA",
                        "DATA\r\nA\n.\r\nRCPT TO:<x@y>\r\n.\r\n",
                        List.of(line("DATA"), data("A"), end(DataDefect.BARE_LF))),
                Arguments.of("smuggling: CRLF.LF does not end DATA", "DATA\r\nA\r\n.\nB\r\n.\r\n",
                        List.of(line("DATA"), data("A\r\n"), end(DataDefect.BARE_LF))),
                Arguments.of("smuggling: CR.CR does not end DATA", "DATA\r\nA\r.\rMAIL FROM:<e@x>\r\n.\r\n",
                        List.of(line("DATA"), data("A"), end(DataDefect.BARE_CR))),
                Arguments.of("smuggling: CRLF.CR does not end DATA", "DATA\r\nA\r\n.\rB\r\n.\r\n",
                        List.of(line("DATA"), data("A\r\n"), end(DataDefect.BARE_CR))),
                Arguments.of("bare CR before CRLF, terminator still honoured", "DATA\r\nA\r\r\n.\r\nNOOP\r\n",
                        List.of(line("DATA"), data("A"), end(DataDefect.BARE_CR), line("NOOP"))),
                Arguments.of("long line rejected, next command read", "X".repeat(10_000) + "\r\nNOOP\r\n",
                        List.of(new LineTooLong(), line("NOOP"))),
                Arguments.of("line of exactly the limit accepted", "N".repeat(MAX_LINE - 2) + "\r\n",
                        List.of(line("N".repeat(MAX_LINE - 2)))),
                Arguments.of("line one octet over the limit rejected", "N".repeat(MAX_LINE - 1) + "\r\nQUIT\r\n",
                        List.of(new LineTooLong(), line("QUIT"))),
                Arguments.of("long DATA lines are content, not errors", "DATA\r\n" + "y".repeat(5000) + "\r\n.\r\n",
                        List.of(line("DATA"), data("y".repeat(5000) + "\r\n"), end(DataDefect.NONE))),
                // RFC 3030 §2: a chunk is exactly <size> raw octets: no dot-stuffing, commands inside are content
                Arguments.of("BDAT chunk is raw octets", "BDAT 14 LAST\r\n.\r\nQUIT\r\nA\n\r\rxNOOP\r\n",
                        List.of(line("BDAT 14 LAST"), data(".\r\nQUIT\r\nA\n\r\rx"), new ChunkEnd(), line("NOOP"))),
                Arguments.of("BDAT of zero octets", "BDAT 0 LAST\r\nQUIT\r\n",
                        List.of(line("BDAT 0 LAST"), new ChunkEnd(), line("QUIT"))),
                Arguments.of("pipelined chunks (RFC 3030 §4.2 example)",
                        "BDAT 3\r\nabcBDAT 2 LAST\r\nde\r\nQUIT\r\n",
                        List.of(line("BDAT 3"), data("abc"), new ChunkEnd(), line("BDAT 2 LAST"), data("de"),
                                new ChunkEnd(), line(""), line("QUIT"))),
                Arguments.of("chunk longer than a command line", "BDAT 3000\r\n" + "q".repeat(3000) + "NOOP\r\n",
                        List.of(line("BDAT 3000"), data("q".repeat(3000)), new ChunkEnd(), line("NOOP"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void framesWholeInput(String name, String input, List<Inbound> expected) {
        assertThat(run(input.getBytes(ISO_8859_1), Integer.MAX_VALUE)).containsExactlyElementsOf(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void framesSameWayInEveryChunkSize(String name, String input, List<Inbound> expected) {
        byte[] bytes = input.getBytes(ISO_8859_1);
        for (int chunk = 1; chunk <= 512; chunk++) {
            assertThat(run(bytes, chunk)).as("chunk size %d", chunk).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void discardsAnOverlongLineWithoutBufferingIt() {
        SmtpReceiver receiver = new SmtpReceiver(MAX_LINE);
        byte[] chunk = "Z".repeat(4096).getBytes(ISO_8859_1);
        receiver.feed(chunk);
        assertThat(receiver.next()).isEqualTo(new LineTooLong());
        for (int i = 0; i < 256; i++) {
            receiver.feed(chunk);
            assertThat(receiver.next()).isNull();
            assertThat(receiver.buffered()).isZero();
        }
        receiver.feed("\r\nQUIT\r\n".getBytes(ISO_8859_1));
        assertThat(receiver.next()).isEqualTo(line("QUIT"));
    }

    @Test
    void keepsPipelinedBytesAfterDataUntilTheSessionDecides() {
        SmtpReceiver receiver = new SmtpReceiver(MAX_LINE);
        receiver.feed("DATA\r\nRSET\r\n".getBytes(ISO_8859_1));
        assertThat(receiver.next()).isEqualTo(line("DATA"));
        // DATA refused (e.g. 503): the session does not call beginData, so the rest is read as commands
        assertThat(receiver.next()).isEqualTo(line("RSET"));
    }

    @Test
    void startTlsDiscardsEverythingPipelinedBehindIt() {
        SmtpReceiver receiver = new SmtpReceiver(MAX_LINE);
        receiver.feed("STARTTLS\r\nMAIL FROM:<a@b.c>\r\nRCPT".getBytes(ISO_8859_1));
        assertThat(receiver.next()).isEqualTo(line("STARTTLS"));
        assertThat(receiver.discardBuffered()).isEqualTo("MAIL FROM:<a@b.c>\r\nRCPT".length());
        assertThat(receiver.next()).isNull();
        receiver.feed("EHLO x\r\n".getBytes(ISO_8859_1));
        assertThat(receiver.next()).isEqualTo(line("EHLO x"));
    }

    /** Feeds in chunks the way the session does and merges adjacent DataBytes, whose split depends on chunking. */
    private static List<Inbound> run(byte[] input, int chunkSize) {
        SmtpReceiver receiver = new SmtpReceiver(MAX_LINE);
        List<Inbound> events = new ArrayList<>();
        ByteArrayOutputStream pendingData = new ByteArrayOutputStream();
        for (int offset = 0; offset < input.length; offset += chunkSize) {
            receiver.feed(input, offset, Math.min(chunkSize, input.length - offset));
            Inbound event;
            while ((event = receiver.next()) != null) {
                if (event instanceof DataBytes data) {
                    pendingData.writeBytes(data.bytes());
                    continue;
                }
                if (pendingData.size() > 0) {
                    events.add(new DataBytes(pendingData.toByteArray()));
                    pendingData.reset();
                }
                events.add(event);
                if (event instanceof CommandLine cmd && new String(cmd.bytes(), ISO_8859_1).equals("DATA")) {
                    receiver.beginData();
                }
                if (event instanceof CommandLine cmd && new String(cmd.bytes(), ISO_8859_1).startsWith("BDAT ")) {
                    receiver.beginChunk(Long.parseLong(new String(cmd.bytes(), ISO_8859_1).split(" ")[1]));
                }
            }
        }
        assertThat(pendingData.size()).as("data without end").isZero();
        return events;
    }

    private static CommandLine line(String text) {
        return new CommandLine(text.getBytes(ISO_8859_1));
    }

    private static DataBytes data(String text) {
        return new DataBytes(text.getBytes(ISO_8859_1));
    }

    private static DataEnd end(DataDefect defect) {
        return new DataEnd(defect);
    }
}
