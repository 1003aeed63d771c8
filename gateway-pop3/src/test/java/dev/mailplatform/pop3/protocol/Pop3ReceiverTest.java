/* Mail platform. Licensed under the Apache License 2.0. */
package dev.mailplatform.pop3.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailplatform.pop3.protocol.Pop3Receiver.Command;
import dev.mailplatform.pop3.protocol.Pop3Receiver.Received;
import dev.mailplatform.pop3.protocol.Pop3Receiver.Rejected;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class Pop3ReceiverTest {
    private static final int MAX_LINE = 255;

    /** Valid commands, seeded with RFC 1939's own examples (§§5-7, appendix). */
    static Stream<Arguments> validCommands() {
        return Stream.of(
                valid("USER frated\r\n", new Pop3Command.User("frated")),
                valid("user mrose@example.org\r\n", new Pop3Command.User("mrose@example.org")),
                valid("PASS secret\r\n", new Pop3Command.Pass("secret")),
                valid("PASS with spaces  inside \r\n", new Pop3Command.Pass("with spaces  inside ")),
                valid("STAT\r\n", new Pop3Command.Stat()),
                valid("stat\r\n", new Pop3Command.Stat()),
                valid("LIST\r\n", new Pop3Command.List(OptionalInt.empty())),
                valid("LIST 2\r\n", new Pop3Command.List(OptionalInt.of(2))),
                valid("UIDL\r\n", new Pop3Command.Uidl(OptionalInt.empty())),
                valid("UIDL 3\r\n", new Pop3Command.Uidl(OptionalInt.of(3))),
                valid("RETR 1\r\n", new Pop3Command.Retr(1)),
                valid("DELE 1\r\n", new Pop3Command.Dele(1)),
                valid("NOOP\r\n", new Pop3Command.Noop()),
                valid("RSET\r\n", new Pop3Command.Rset()),
                valid("QUIT\r\n", new Pop3Command.Quit()),
                valid("TOP 1 10\r\n", new Pop3Command.Top(1, 10)),
                valid("TOP 1 0\r\n", new Pop3Command.Top(1, 0)),
                valid("CAPA\r\n", new Pop3Command.Capa()),
                valid("APOP mrose c4c9334bac560ecc979e58001b3e22fb\r\n",
                        new Pop3Command.Apop("mrose", "c4c9334bac560ecc979e58001b3e22fb")),
                valid("STLS\r\n", new Pop3Command.Stls()),
                valid("stls\r\n", new Pop3Command.Stls()),
                // RFC 5034 §6 examples
                valid("AUTH\r\n", new Pop3Command.Auth(Optional.empty(), Optional.empty())),
                valid("AUTH PLAIN\r\n", new Pop3Command.Auth(Optional.of("PLAIN"), Optional.empty())),
                valid("AUTH plain dGVzdAB0ZXN0AHRlc3Q=\r\n",
                        new Pop3Command.Auth(Optional.of("PLAIN"), Optional.of("dGVzdAB0ZXN0AHRlc3Q="))),
                valid("AUTH PLAIN =\r\n", new Pop3Command.Auth(Optional.of("PLAIN"), Optional.of("="))),
                valid("AUTH LOGIN\r\n", new Pop3Command.Auth(Optional.of("LOGIN"), Optional.empty())),
                valid("AUTH X-OAUTH2_2 " + "A".repeat(60) + "\r\n",
                        new Pop3Command.Auth(Optional.of("X-OAUTH2_2"), Optional.of("A".repeat(60)))),
                valid("XYZZYPLUGH\r\n", new Pop3Command.Unknown("XYZZYPLU")),
                // bare LF is accepted, and lenient spacing is tolerated
                valid("NOOP\n", new Pop3Command.Noop()),
                valid("RETR  7 \r\n", new Pop3Command.Retr(7)),
                valid("RETR 999999999\r\n", new Pop3Command.Retr(999_999_999)));
    }

    /** Lines that must be answered with this exact -ERR while the session continues. */
    static Stream<Arguments> rejectedLines() {
        return Stream.of(
                rejected("\r\n", "-ERR empty command"),
                rejected("RETR\r\n", "-ERR RETR needs an argument"),
                rejected("RETR 0\r\n", "-ERR invalid message number"),
                rejected("RETR -1\r\n", "-ERR invalid message number"),
                rejected("RETR one\r\n", "-ERR invalid message number"),
                rejected("RETR 1 2\r\n", "-ERR too many arguments for RETR"),
                rejected("RETR 1234567890\r\n", "-ERR invalid message number"),
                rejected("DELE\r\n", "-ERR DELE needs an argument"),
                rejected("TOP 1\r\n", "-ERR TOP needs 2 arguments"),
                rejected("TOP 1 x\r\n", "-ERR invalid line count"),
                rejected("LIST 1 2\r\n", "-ERR too many arguments for LIST"),
                rejected("LIST 0\r\n", "-ERR invalid message number"),
                rejected("STAT 1\r\n", "-ERR STAT takes no arguments"),
                rejected("QUIT now\r\n", "-ERR QUIT takes no arguments"),
                rejected("USER\r\n", "-ERR USER needs an argument"),
                rejected("USER a b\r\n", "-ERR too many arguments for USER"),
                rejected("USER " + "x".repeat(41) + "\r\n", "-ERR argument too long (max 40)"),
                rejected("PASS\r\n", "-ERR PASS needs a password"),
                rejected("STLS now\r\n", "-ERR STLS takes no arguments"),
                rejected("APOP mrose\r\n", "-ERR APOP needs 2 arguments"),
                rejected("AUTH PLAIN a b\r\n", "-ERR too many arguments for AUTH"),
                rejected("AUTH PL@IN\r\n", "-ERR invalid SASL mechanism name"),
                rejected("AUTH " + "M".repeat(21) + "\r\n", "-ERR invalid SASL mechanism name"),
                rejected("\u0001\u0002\r\n", "-ERR invalid command"),
                rejected("NOOP" + " ".repeat(251) + "\r\n", "-ERR line too long (max 255 octets)"),
                rejected("x".repeat(100_000) + "\r\n", "-ERR line too long (max 255 octets)"));
    }

    @ParameterizedTest
    @MethodSource("validCommands")
    void parsesValidCommand(byte[] input, Received expected) {
        assertThat(receiveAll(input, input.length)).containsExactly(expected);
    }

    @ParameterizedTest
    @MethodSource("rejectedLines")
    void rejectsBadLineWithExactReplyAndKeepsGoing(byte[] input, Received expected) {
        byte[] withNext = concat(input, bytes("NOOP\r\n"));
        assertThat(receiveAll(withNext, withNext.length))
                .containsExactly(expected, new Command(new Pop3Command.Noop()));
    }

    @Test
    void lineOfExactlyTheLimitIsAccepted() {
        // 255 octets including CRLF is the RFC 2449 §4 maximum and must still be accepted
        String line = "PASS " + "p".repeat(MAX_LINE - 7) + "\r\n";
        assertThat(line).hasSize(MAX_LINE);
        assertThat(receiveAll(bytes(line), 3)).containsExactly(new Command(new Pop3Command.Pass("p".repeat(248))));
    }

    @Test
    void wholeCorpusGivesTheSameResultInChunksOfEverySizeUpTo512() {
        ByteArrayOutputStream corpus = new ByteArrayOutputStream();
        List<Received> expected = new ArrayList<>();
        Stream.concat(validCommands(), rejectedLines()).forEach(a -> {
            corpus.writeBytes((byte[]) a.get()[0]);
            expected.add((Received) a.get()[1]);
        });
        byte[] all = corpus.toByteArray();
        IntStream.rangeClosed(1, 512).forEach(chunk ->
                assertThat(receiveAll(all, chunk)).as("chunk size %d", chunk).containsExactlyElementsOf(expected));
    }

    @Test
    void partialLineNeedsMoreDataAndKeepsNothingElse() {
        Pop3Receiver receiver = new Pop3Receiver(MAX_LINE);
        receiver.feed(bytes("RE"));
        assertThat(receiver.next()).isEmpty();
        receiver.feed(bytes("TR 4\r"));
        assertThat(receiver.next()).isEmpty();
        receiver.feed(bytes("\nNOOP"));
        assertThat(receiver.next()).contains(new Command(new Pop3Command.Retr(4)));
        assertThat(receiver.next()).isEmpty();
        assertThat(receiver.isDrained()).isTrue();
    }

    @Test
    void authLinesMayUseTheLongerSaslLimitButOtherCommandsMayNot() {
        String initial = "A".repeat(600);
        Pop3Receiver receiver = new Pop3Receiver(MAX_LINE, 1024);
        receiver.feed(bytes("auth PLAIN " + initial + "\r\nNOOP " + "x".repeat(600) + "\r\nAUTH PLAIN "
                + "B".repeat(1100) + "\r\n"));
        assertThat(receiver.next()).contains(new Command(new Pop3Command.Auth(Optional.of("PLAIN"),
                Optional.of(initial))));
        assertThat(receiver.next()).contains(new Rejected(Pop3Response.err("line too long (max 255 octets)")));
        assertThat(receiver.next()).contains(new Rejected(Pop3Response.err("line too long (max 1024 octets)")));
    }

    @Test
    void rawLineIsHandedOutUnparsedOnceThenCommandsAgain() {
        Pop3Receiver receiver = new Pop3Receiver(MAX_LINE, 1024);
        receiver.expectRawLine();
        receiver.feed(bytes("dGVzdAB0ZXN0AH"));
        assertThat(receiver.next()).isEmpty();
        receiver.feed(bytes("Rlc3Q=\r\nQUIT\r\n"));
        Optional<Received> line = receiver.next();
        assertThat(line).contains(new Pop3Receiver.Line("dGVzdAB0ZXN0AHRlc3Q="));
        assertThat(line.get().toString()).doesNotContain("dGVzd");
        assertThat(receiver.next()).contains(new Command(new Pop3Command.Quit()));
    }

    @Test
    void discardBufferedDropsQueuedAndPartialInput() {
        Pop3Receiver receiver = new Pop3Receiver(MAX_LINE);
        receiver.feed(bytes("STLS\r\nUSER mallory\r\nPASS x"));
        assertThat(receiver.next()).contains(new Command(new Pop3Command.Stls()));
        // RFC 2595 §4: what was pipelined after STLS is never executed
        assertThat(receiver.discardBuffered()).isEqualTo("USER mallory\r\nPASS x".length());
        assertThat(receiver.next()).isEmpty();
        receiver.feed(bytes("CAPA\r\n"));
        assertThat(receiver.next()).contains(new Command(new Pop3Command.Capa()));
    }

    @Test
    void passwordIsMaskedInToString() {
        assertThat(new Pop3Command.Pass("hunter2").toString()).doesNotContain("hunter2");
    }

    private static List<Received> receiveAll(byte[] input, int chunkSize) {
        Pop3Receiver receiver = new Pop3Receiver(MAX_LINE);
        List<Received> out = new ArrayList<>();
        for (int i = 0; i < input.length; i += chunkSize) {
            receiver.feed(input, i, Math.min(chunkSize, input.length - i));
            for (Optional<Received> r = receiver.next(); r.isPresent(); r = receiver.next()) {
                out.add(r.get());
            }
        }
        return out;
    }

    private static Arguments valid(String line, Pop3Command command) {
        return Arguments.of(bytes(line), new Command(command));
    }

    private static Arguments rejected(String line, String reply) {
        return Arguments.of(bytes(line), new Rejected(Pop3Response.err(reply.substring("-ERR ".length()))));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
