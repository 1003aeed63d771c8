package dev.mailplatform.imap.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Framing fixtures (RFC 9051 examples first), a chunk sweep over the whole corpus and a must-fail table. */
class ImapReceiverTest {
    private static final ReceiverLimits LIMITS = new ReceiverLimits(64, 32);

    static Stream<Arguments> valid() {
        return Stream.of(
                fixture("a001 CAPABILITY\r\n", "REQ a001 CAPABILITY []"),
                fixture("A001 LOGIN SMITH SESAME\r\n", "REQ A001 LOGIN [atom:SMITH, atom:SESAME]"),
                fixture("a1 login \"fred\\\"x\" \"pa\\\\ss\"\r\n", "REQ a1 LOGIN [q:fred\"x, q:pa\\ss]"),
                // RFC 9051 §7.5 / §8 example: synchronising literals each get a continuation request
                fixture("A003 LOGIN {5}\r\nsmith {6}\r\nsesame\r\n",
                        "+ 5", "+ 6", "REQ A003 LOGIN [lit:smith, lit:sesame]"),
                // RFC 7888 LITERAL+: no continuation
                fixture("A004 LOGIN {5+}\r\nsmith {6+}\r\nsesame\r\n", "REQ A004 LOGIN [lit:smith, lit:sesame]"),
                fixture("a5 LOGIN {0}\r\n {3}\r\na\r\n\r\n", "+ 0", "+ 3", "REQ a5 LOGIN [lit:, lit:a\r\n]"),
                // RFC 9051 §6.4.5 example: section spec with spaces and parens stays one atom
                fixture("A654 FETCH 2:4 (FLAGS BODY[HEADER.FIELDS (DATE FROM)])\r\n",
                        "REQ A654 FETCH [atom:2:4, (, atom:FLAGS, atom:BODY[HEADER.FIELDS (DATE FROM)], )]"),
                fixture("a2 UID FETCH 1:* (UID BODY.PEEK[])\r\n",
                        "REQ a2 UID [atom:FETCH, atom:1:*, (, atom:UID, atom:BODY.PEEK[], )]"),
                fixture("a3 NOOP\n", "REQ a3 NOOP []"),
                fixture("a1 NOOP\r\na2 LOGOUT\r\n", "REQ a1 NOOP []", "REQ a2 LOGOUT []"),
                fixture("a6 SELECT \"Entw\u00fcrfe\"\r\n", "REQ a6 SELECT [q:Entw\u00fcrfe]"),
                fixture("a7 SELECT \"\"\r\n", "REQ a7 SELECT [q:]"),
                fixture("a8 FETCH 1 (FLAGS)(UID)\r\n", "REQ a8 FETCH [atom:1, (, atom:FLAGS, ), (, atom:UID, )]"));
    }

    /** Input that must be refused with exactly this reply; the next command on the connection must still work. */
    static Stream<Arguments> mustFail() {
        String longLine = "a1 NOOP " + "x".repeat(100) + "\r\n";
        return Stream.of(
                fixture("\r\n", "REJ * BAD Empty command line"),
                fixture("a1\r\n", "REJ a1 BAD Missing command"),
                fixture(" NOOP\r\n", "REJ * BAD Missing tag"),
                fixture("a1  NOOP\r\n", "REJ a1 BAD Missing command"),
                fixture("a+b NOOP\r\n", "REJ * BAD Invalid character in tag"),
                fixture("a*b NOOP\r\n", "REJ * BAD Invalid character in tag"),
                fixture("a1 NO{OP\r\n", "REJ a1 BAD Invalid character in command name"),
                fixture("a1 LOGIN \"unterminated\r\n", "REJ a1 BAD Invalid character in quoted string"),
                fixture("a1 LOGIN \"x\\y\"\r\n", "REJ a1 BAD Invalid escape in quoted string"),
                fixture("a1 LOGIN {abc}\r\n", "REJ a1 BAD Invalid literal size"),
                fixture("a1 LOGIN {}\r\n", "REJ a1 BAD Invalid literal size"),
                fixture("a1 LOGIN {99999999999}\r\n", "REJ a1 BAD Invalid literal size"),
                fixture("a1 LOGIN {4294967296}\r\n", "REJ a1 BAD Invalid literal size"),
                fixture("a1 LOGIN {5+x}\r\n", "REJ a1 BAD Invalid literal size"),
                fixture("a1 LOGIN {5} x\r\n", "REJ a1 BAD A literal must end the line"),
                fixture("a1 NOOP\rX\r\n", "REJ a1 BAD CR not followed by LF"),
                fixture("a1 NOOP \u0001\r\n", "REJ a1 BAD Invalid character"),
                fixture("a1 NOOP x\u0001\r\n", "REJ a1 BAD Invalid character in atom"),
                fixture(longLine, "REJ a1 BAD Command line too long (limit 64 octets)"),
                // RFC 9051 §7.5: refused before the client sends any literal octet; the connection goes on
                fixture("a1 LOGIN {33}\r\n", "REJ a1 NO [TOOBIG] Literal too big (limit 32 octets)"),
                fixture("a1 LOGIN {4294967295}\r\n", "REJ a1 NO [TOOBIG] Literal too big (limit 32 octets)"),
                fixture("a1 LOGIN {20}\r\n" + "u".repeat(20) + " {20}\r\n",
                        "+ 20", "REJ a1 NO [TOOBIG] Literal too big (limit 32 octets)"),
                // RFC 7888 §4: a non-synchronising literal that is too big cannot be skipped: BAD and close
                fixture("a1 LOGIN {33+}\r\n", "REJ a1 BAD [TOOBIG] Literal too big (limit 32 octets) [close]"));
    }

    @ParameterizedTest
    @MethodSource("valid")
    void framesValidInput(String input, List<String> expected) {
        assertThat(run(bytes(input), Integer.MAX_VALUE)).containsExactlyElementsOf(expected);
    }

    @ParameterizedTest
    @MethodSource("mustFail")
    void refusesInvalidInputAndRecovers(String input, List<String> expected) {
        List<String> withNext = new ArrayList<>(expected);
        withNext.add("REQ n1 NOOP []");
        assertThat(run(bytes(input + "n1 NOOP\r\n"), Integer.MAX_VALUE)).containsExactlyElementsOf(withNext);
    }

    /** Every fixture cut in chunks of every size 1..512 frames exactly as when fed whole. */
    @Test
    void chunkSweepGivesIdenticalEvents() {
        List<Arguments> all = Stream.concat(valid(), mustFail()).toList();
        StringBuilder corpus = new StringBuilder();
        List<String> expectedAll = new ArrayList<>();
        for (Arguments a : all) {
            String input = (String) a.get()[0];
            @SuppressWarnings("unchecked")
            List<String> expected = (List<String>) a.get()[1];
            for (int chunk = 1; chunk <= 512; chunk++) {
                assertThat(run(bytes(input), chunk)).as("%s in chunks of %d", input, chunk)
                        .containsExactlyElementsOf(expected);
            }
            // the close-after-reject case ends the stream in a session; keep it out of the concatenation
            if (expected.stream().noneMatch(e -> e.endsWith("[close]"))) {
                corpus.append(input);
                expectedAll.addAll(expected);
            }
        }
        for (int chunk = 1; chunk <= 512; chunk++) {
            assertThat(run(bytes(corpus.toString()), chunk)).as("corpus in chunks of %d", chunk)
                    .containsExactlyElementsOf(expectedAll);
        }
    }

    @Test
    void literalOctetsAreBinaryExact() {
        byte[] payload = {0, 1, (byte) 0xff, '\r', '\n', ')', '"'};
        byte[] head = bytes("t LOGIN {7+}\r\n");
        byte[] tail = bytes(" x\r\n");
        byte[] all = new byte[head.length + payload.length + tail.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(payload, 0, all, head.length, payload.length);
        System.arraycopy(tail, 0, all, head.length + payload.length, tail.length);
        ImapReceiver receiver = new ImapReceiver(LIMITS);
        receiver.feed(all);
        ReceiverEvent event = receiver.next();
        assertThat(event).isInstanceOf(ReceiverEvent.Complete.class);
        Request request = ((ReceiverEvent.Complete) event).request();
        assertThat(request.args()).containsExactly(new Token.Literal(payload), new Token.Atom("x"));
    }

    @Test
    void pipelinedBytesStayBufferedUntilAsked() {
        ImapReceiver receiver = new ImapReceiver(LIMITS);
        receiver.feed(bytes("a1 NOOP\r\na2 NOOP\r\n"));
        assertThat(receiver.next()).isInstanceOf(ReceiverEvent.Complete.class);
        assertThat(receiver.buffered()).isEqualTo(9);
        assertThat(receiver.next()).isInstanceOf(ReceiverEvent.Complete.class);
        assertThat(receiver.next()).isInstanceOf(ReceiverEvent.NeedsMoreData.class);
    }

    @Test
    void hugeLineIsDiscardedWithoutBuffering() {
        ImapReceiver receiver = new ImapReceiver(new ReceiverLimits(1000, 1000));
        receiver.feed(bytes("a1 NOOP "));
        List<String> events = new ArrayList<>();
        byte[] junk = bytes("y".repeat(8192));
        for (int i = 0; i < 128; i++) { // 1 MiB without a line end
            receiver.feed(junk);
            drain(receiver, events);
        }
        receiver.feed(bytes("\r\nb2 NOOP\r\n"));
        drain(receiver, events);
        assertThat(events).containsExactly("REJ a1 BAD Command line too long (limit 1000 octets)", "REQ b2 NOOP []");
    }

    @Test
    void continuationLinesAreRawAndSplitSafe() {
        // AUTHENTICATE answers and IDLE's DONE are not commands: no tag, any characters
        byte[] input = bytes("AGZyZWQAcHc=\r\nDONE\r\nz1 NOOP\r\n");
        for (int chunk = 1; chunk <= 16; chunk++) {
            ImapReceiver receiver = new ImapReceiver(LIMITS);
            List<String> lines = new ArrayList<>();
            receiver.expectContinuationLine();
            for (int i = 0; i < input.length; i += chunk) {
                receiver.feed(input, i, Math.min(chunk, input.length - i));
                for (ReceiverEvent e = receiver.next(); !(e instanceof ReceiverEvent.NeedsMoreData);
                        e = receiver.next()) {
                    if (e instanceof ReceiverEvent.Line line) {
                        lines.add("LINE " + line.text());
                        if (lines.size() == 1) {
                            receiver.expectContinuationLine();
                        }
                    } else {
                        lines.add(describe(e));
                    }
                }
            }
            assertThat(lines).as("chunks of %d", chunk).containsExactly("LINE AGZyZWQAcHc=", "LINE DONE",
                    "REQ z1 NOOP []");
        }
    }

    @Test
    void continuationLinesObeyTheLineLimit() {
        ImapReceiver receiver = new ImapReceiver(LIMITS);
        receiver.expectContinuationLine();
        receiver.feed(bytes("x".repeat(100) + "\r\nz1 NOOP\r\n"));
        List<String> events = new ArrayList<>();
        drain(receiver, events);
        assertThat(events).containsExactly("REJ * BAD Command line too long (limit 64 octets)", "REQ z1 NOOP []");
    }

    @Test
    void bufferedPlaintextCanBeDiscardedForStarttls() {
        ImapReceiver receiver = new ImapReceiver(LIMITS);
        receiver.feed(bytes("s1 STARTTLS\r\ninjected LOGIN a b\r\n"));
        assertThat(receiver.next()).isInstanceOf(ReceiverEvent.Complete.class);
        assertThat(receiver.discardBuffered()).isEqualTo(20);
        assertThat(receiver.next()).isInstanceOf(ReceiverEvent.NeedsMoreData.class);
    }

    // ---- helpers ----

    static Arguments fixture(String input, String... events) {
        return Arguments.of(input, List.of(events));
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static List<String> run(byte[] input, int chunk) {
        ImapReceiver receiver = new ImapReceiver(LIMITS);
        List<String> events = new ArrayList<>();
        for (int off = 0; off < input.length; off += chunk) {
            int len = Math.min(chunk, input.length - off);
            receiver.feed(input, off, len);
            drain(receiver, events);
        }
        return events;
    }

    private static void drain(ImapReceiver receiver, List<String> events) {
        while (true) {
            ReceiverEvent event = receiver.next();
            if (event instanceof ReceiverEvent.NeedsMoreData) {
                return;
            }
            events.add(describe(event));
        }
    }

    static String describe(ReceiverEvent event) {
        if (event instanceof ReceiverEvent.LiteralAccepted l) {
            return "+ " + l.size();
        }
        if (event instanceof ReceiverEvent.Rejected r) {
            return "REJ " + r.error().toReply().trim() + (r.error().disconnect() ? " [close]" : "");
        }
        Request req = ((ReceiverEvent.Complete) event).request();
        return "REQ " + req.tag() + " " + req.name() + " "
                + req.args().stream().map(ImapReceiverTest::describe).collect(Collectors.joining(", ", "[", "]"));
    }

    private static String describe(Token t) {
        if (t instanceof Token.Atom a) {
            return "atom:" + a.value();
        }
        if (t instanceof Token.Quoted q) {
            return "q:" + q.value();
        }
        if (t instanceof Token.Literal l) {
            return "lit:" + l.asString();
        }
        return t instanceof Token.ListStart ? "(" : ")";
    }
}
