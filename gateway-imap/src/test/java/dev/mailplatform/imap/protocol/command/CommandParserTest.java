package dev.mailplatform.imap.protocol.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mailplatform.imap.error.ProtocolException;
import dev.mailplatform.imap.protocol.ImapReceiver;
import dev.mailplatform.imap.protocol.ReceiverEvent;
import dev.mailplatform.imap.protocol.ReceiverLimits;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CommandParserTest {
    private static final SequenceSet ONE = SequenceSet.parse("1");

    static Stream<Arguments> valid() {
        return Stream.of(
                Arguments.of("a CAPABILITY", new ImapCommand.Capability()),
                Arguments.of("a noop", new ImapCommand.Noop()),
                Arguments.of("a LOGOUT", new ImapCommand.Logout()),
                Arguments.of("a LOGIN fred \"p w\"", new ImapCommand.Login("fred", "p w")),
                Arguments.of("a login {4+}\r\nfred {2+}\r\npw", new ImapCommand.Login("fred", "pw")),
                Arguments.of("a SELECT inbox", new ImapCommand.Select("INBOX", false)),
                Arguments.of("a EXAMINE \"Sent\"", new ImapCommand.Select("Sent", true)),
                Arguments.of("a FETCH 1:* (FLAGS UID RFC822.SIZE)", new ImapCommand.Fetch(SequenceSet.parse("1:*"),
                        List.of(FetchItem.FLAGS, FetchItem.UID, FetchItem.RFC822_SIZE), false)),
                Arguments.of("a FETCH 2,4:6 BODY[]", new ImapCommand.Fetch(SequenceSet.parse("2,4:6"),
                        List.of(FetchItem.BODY), false)),
                Arguments.of("a uid fetch * (body.peek[] INTERNALDATE)", new ImapCommand.Fetch(SequenceSet.parse("*"),
                        List.of(FetchItem.UID, FetchItem.BODY_PEEK, FetchItem.INTERNALDATE), true)),
                Arguments.of("a FETCH 1 FAST", new ImapCommand.Fetch(ONE,
                        List.of(FetchItem.FLAGS, FetchItem.INTERNALDATE, FetchItem.RFC822_SIZE), false)),
                Arguments.of("a FETCH 1 (RFC822 FLAGS FLAGS)", new ImapCommand.Fetch(ONE,
                        List.of(FetchItem.RFC822, FetchItem.FLAGS), false)),
                Arguments.of("a STORE 1 +FLAGS (\\Seen)", new ImapCommand.Unknown("STORE")),
                Arguments.of("a UID STORE 1 +FLAGS (\\Seen)", new ImapCommand.Unknown("UID STORE")),
                Arguments.of("a XYZZY", new ImapCommand.Unknown("XYZZY")));
    }

    static Stream<Arguments> mustFail() {
        return Stream.of(
                Arguments.of("a CAPABILITY x", "a BAD Unexpected arguments"),
                Arguments.of("a LOGIN onlyuser", "a BAD LOGIN expects a user name and a password"),
                Arguments.of("a LOGIN (a) b c", "a BAD LOGIN expects a user name and a password"),
                Arguments.of("a LOGIN () b", "a BAD LOGIN expects a user name and a password"),
                Arguments.of("a LOGIN ( b", "a BAD Expected a string"),
                Arguments.of("a SELECT", "a BAD SELECT expects one mailbox name"),
                Arguments.of("a EXAMINE a b", "a BAD EXAMINE expects one mailbox name"),
                Arguments.of("a FETCH 0 FLAGS", "a BAD Invalid sequence set"),
                Arguments.of("a FETCH 1: FLAGS", "a BAD Invalid sequence set"),
                Arguments.of("a FETCH 1,,2 FLAGS", "a BAD Invalid sequence set"),
                Arguments.of("a FETCH 01 FLAGS", "a BAD Invalid sequence set"),
                Arguments.of("a FETCH 4294967296 FLAGS", "a BAD Invalid sequence set"),
                Arguments.of("a FETCH x FLAGS", "a BAD Invalid sequence set"),
                Arguments.of("a FETCH \"1\" FLAGS", "a BAD FETCH expects a sequence set and data items"),
                Arguments.of("a FETCH 1", "a BAD FETCH expects a sequence set and data items"),
                Arguments.of("a FETCH 1 (FLAGS", "a BAD Invalid FETCH data item list"),
                Arguments.of("a FETCH 1 ()", "a BAD Invalid FETCH data item list"),
                Arguments.of("a FETCH 1 (FLAGS) UID", "a BAD Invalid FETCH data item list"),
                Arguments.of("a FETCH 1 FLAGS UID", "a BAD Invalid FETCH data items"),
                Arguments.of("a FETCH 1 ENVELOPE", "a BAD Unsupported FETCH data item ENVELOPE"),
                Arguments.of("a FETCH 1 ALL", "a BAD Unsupported FETCH data item ALL"),
                Arguments.of("a FETCH 1 BODY[HEADER]", "a BAD Unsupported FETCH data item BODY[HEADER]"),
                Arguments.of("a FETCH 1 BODY[]<0.10>", "a BAD Unsupported FETCH data item BODY[]<0.10>"),
                Arguments.of("a FETCH 1 (FAST UID)", "a BAD FETCH macro FAST must stand alone"),
                Arguments.of("a UID", "a BAD UID expects a command"),
                Arguments.of("a UID \"FETCH\" 1 FLAGS", "a BAD UID expects a command"));
    }

    @ParameterizedTest
    @MethodSource("valid")
    void parses(String line, ImapCommand expected) {
        assertThat(parse(line)).isEqualTo(expected);
    }

    @ParameterizedTest
    @MethodSource("mustFail")
    void rejects(String line, String reply) {
        assertThatThrownBy(() -> parse(line)).isInstanceOfSatisfying(ProtocolException.class,
                e -> assertThat(e.withTag("a").toReply()).isEqualTo(reply + "\r\n"));
    }

    @Test
    void loginNeverPrintsThePassword() {
        assertThat(new ImapCommand.Login("fred", "secret").toString()).doesNotContain("secret");
    }

    @Test
    void sequenceSetsResolveStarAgainstTheLargestNumber() {
        SequenceSet set = SequenceSet.parse("2,4:6");
        assertThat(Stream.of(1L, 2L, 3L, 4L, 5L, 6L, 7L).filter(n -> set.contains(n, 10)))
                .containsExactly(2L, 4L, 5L, 6L);
        assertThat(Stream.of(8L, 9L).filter(n -> SequenceSet.parse("*").contains(n, 9))).containsExactly(9L);
        // RFC 9051 §9: n:* with n beyond the largest still names the last message
        assertThat(SequenceSet.parse("5:*").contains(3, 3)).isTrue();
        assertThat(SequenceSet.parse("*:2").contains(4, 4)).isTrue();
        assertThat(SequenceSet.parse("*:2").contains(1, 4)).isFalse();
        assertThat(SequenceSet.parse("3:1,*").largestExplicit()).isEqualTo(3);
    }

    private static ImapCommand parse(String line) {
        ImapReceiver receiver = new ImapReceiver(new ReceiverLimits(8192, 8192));
        receiver.feed((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        ReceiverEvent event = receiver.next();
        while (event instanceof ReceiverEvent.LiteralAccepted) {
            event = receiver.next();
        }
        assertThat(event).isInstanceOf(ReceiverEvent.Complete.class);
        return CommandParser.parse(((ReceiverEvent.Complete) event).request());
    }
}
