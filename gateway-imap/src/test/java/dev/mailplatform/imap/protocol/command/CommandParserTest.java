package dev.mailplatform.imap.protocol.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mailplatform.contracts.api.SearchKey;
import dev.mailplatform.imap.error.ProtocolException;
import dev.mailplatform.imap.protocol.ImapReceiver;
import dev.mailplatform.imap.protocol.ReceiverEvent;
import dev.mailplatform.imap.protocol.ReceiverLimits;
import dev.mailplatform.imap.protocol.command.FetchAttribute.Section;
import dev.mailplatform.imap.protocol.command.FetchAttribute.SectionKind;
import dev.mailplatform.imap.protocol.command.FetchAttribute.Simple;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The second parsing stage: a table seeded with the RFCs' own examples, a chunk sweep and a must-fail list. */
class CommandParserTest {
    private static final SequenceSet ONE = SequenceSet.parse("1");

    static Stream<Arguments> valid() {
        Map<String, String> id = new LinkedHashMap<>();
        id.put("name", "sodr");
        id.put("version", "19.34");
        return Stream.of(
                Arguments.of("a CAPABILITY", new ImapCommand.Capability()),
                Arguments.of("a noop", new ImapCommand.Noop()),
                Arguments.of("a LOGOUT", new ImapCommand.Logout()),
                Arguments.of("a STARTTLS", new ImapCommand.StartTls()),
                Arguments.of("a LOGIN fred \"p w\"", new ImapCommand.Login("fred", "p w")),
                Arguments.of("a login {4+}\r\nfred {2+}\r\npw", new ImapCommand.Login("fred", "pw")),
                Arguments.of("a AUTHENTICATE plain", new ImapCommand.Authenticate("PLAIN", null)),
                Arguments.of("a AUTHENTICATE PLAIN AGZyZWQAcHc=", new ImapCommand.Authenticate("PLAIN",
                        "AGZyZWQAcHc=")),
                Arguments.of("a ENABLE CONDSTORE utf8=accept", new ImapCommand.Enable(List.of("CONDSTORE",
                        "UTF8=ACCEPT"))),
                Arguments.of("a SELECT inbox", new ImapCommand.Select("INBOX", false)),
                Arguments.of("a EXAMINE \"Sent\"", new ImapCommand.Select("Sent", true)),
                Arguments.of("a SELECT INBOX (CONDSTORE)", new ImapCommand.Select("INBOX", false, true, null)),
                // RFC 7162 §3.2.5.2 example
                Arguments.of("A03 SELECT INBOX (QRESYNC (67890007 20050715194045000 41,43:211,214:541))",
                        new ImapCommand.Select("INBOX", false, false, new ImapCommand.QresyncParams(67890007L,
                                20050715194045000L, "41,43:211,214:541"))),
                // RFC 3501 §5.1.3: modified UTF-7
                Arguments.of("a SELECT ~peter/mail/&U,BTFw-/&ZeVnLIqe-", new ImapCommand.Select(
                        "~peter/mail/\u53f0\u5317/\u65e5\u672c\u8a9e", false)),
                Arguments.of("a CREATE owatagusiam/", new ImapCommand.Create("owatagusiam", null)),
                Arguments.of("a CREATE MySpecial (USE (\\Drafts))", new ImapCommand.Create("MySpecial",
                        "\\Drafts")),
                Arguments.of("a DELETE blurdybloop", new ImapCommand.Delete("blurdybloop")),
                Arguments.of("a RENAME blurdybloop sarasoop", new ImapCommand.Rename("blurdybloop", "sarasoop")),
                Arguments.of("a SUBSCRIBE #news.comp.mail.mime", new ImapCommand.Subscribe(
                        "#news.comp.mail.mime", true)),
                Arguments.of("a UNSUBSCRIBE x", new ImapCommand.Subscribe("x", false)),
                Arguments.of("a LIST \"\" *", list(List.of("*"), false)),
                Arguments.of("a LIST \"\" \"\"", new ImapCommand.ListMailboxes(List.of(""), false, false, false,
                        false, false, false, false, null, true)),
                Arguments.of("a LIST Archive %", list(List.of("Archive/%"), false)),
                Arguments.of("a LSUB \"\" *", list(List.of("*"), true)),
                // RFC 5258 / RFC 6154 / RFC 5819
                Arguments.of("a LIST (SUBSCRIBED SPECIAL-USE) \"\" (INBOX \"%\") RETURN (CHILDREN STATUS "
                        + "(MESSAGES UNSEEN))", new ImapCommand.ListMailboxes(List.of("INBOX", "%"), false, true,
                        true, false, false, true, false, List.of("MESSAGES", "UNSEEN"), false)),
                Arguments.of("a NAMESPACE", new ImapCommand.Namespace()),
                Arguments.of("a STATUS blurdybloop (UIDNEXT MESSAGES size)", new ImapCommand.Status("blurdybloop",
                        List.of("UIDNEXT", "MESSAGES", "SIZE"))),
                Arguments.of("a APPEND saved-messages (\\seen) \" 7-Feb-1994 21:52:25 -0800\" {5+}\r\nhello",
                        new ImapCommand.Append("saved-messages", List.of("\\Seen"),
                                Instant.parse("1994-02-08T05:52:25Z"), bytes("hello"))),
                Arguments.of("a APPEND INBOX {3}\r\nabc", new ImapCommand.Append("INBOX", List.of(), null,
                        bytes("abc"))),
                Arguments.of("a CHECK", new ImapCommand.Check()),
                Arguments.of("a CLOSE", new ImapCommand.Close(true)),
                Arguments.of("a UNSELECT", new ImapCommand.Close(false)),
                Arguments.of("a EXPUNGE", new ImapCommand.Expunge(null)),
                Arguments.of("a UID EXPUNGE 3000:3002", new ImapCommand.Expunge(SequenceSet.parse("3000:3002"))),
                Arguments.of("a SEARCH FLAGGED SINCE 1-Feb-1994 NOT FROM \"Smith\"", new ImapCommand.Search(false,
                        SearchKey.and(List.of(key("FLAG", "\\Flagged"), new SearchKey("SINCE", null, null, null,
                                LocalDate.of(1994, 2, 1), null), not(key("FROM", "Smith")))), Set.of(), false,
                        List.of(), null)),
                Arguments.of("a UID SEARCH CHARSET UTF-8 OR (SUBJECT x 2:4) UNSEEN", new ImapCommand.Search(true,
                        new SearchKey("OR", null, null, null, null, List.of(SearchKey.and(List.of(
                                key("SUBJECT", "x"), key("SEQ", "2:4"))), key("NOFLAG", "\\Seen"))), Set.of(), false,
                        List.of(), null)),
                Arguments.of("a SEARCH RETURN (MIN COUNT) UNDELETED", new ImapCommand.Search(false,
                        key("NOFLAG", "\\Deleted"), Set.of("MIN", "COUNT"), true, List.of(), null)),
                Arguments.of("a SEARCH RETURN () ALL", new ImapCommand.Search(false, SearchKey.all(),
                        Set.of("ALL"), true, List.of(), null)),
                Arguments.of("a SEARCH MODSEQ \"/flags/\\\\draft\" all 620162338", new ImapCommand.Search(false,
                        new SearchKey("MODSEQ", null, null, 620162338L, null, null), Set.of(), false, List.of(),
                        null)),
                Arguments.of("a SORT (REVERSE DATE subject) UTF-8 ALL", new ImapCommand.Search(false,
                        SearchKey.all(), Set.of(), false, List.of("REVERSE DATE", "SUBJECT"), null)),
                Arguments.of("a UID THREAD REFERENCES UTF-8 SINCE 5-MAR-2000", new ImapCommand.Search(true,
                        new SearchKey("SINCE", null, null, null, LocalDate.of(2000, 3, 5), null), Set.of(), false,
                        List.of(), "REFERENCES")),
                Arguments.of("a FETCH 1:* (FLAGS UID RFC822.SIZE)", new ImapCommand.Fetch(SequenceSet.parse("1:*"),
                        List.of(Simple.FLAGS, Simple.UID, Simple.RFC822_SIZE), false)),
                Arguments.of("a FETCH 2,4:6 BODY[]", new ImapCommand.Fetch(SequenceSet.parse("2,4:6"),
                        List.of(section(SectionKind.BODY, false, List.of(), null, null, null, null)), false)),
                Arguments.of("a uid fetch * (body.peek[] INTERNALDATE)", new ImapCommand.Fetch(SequenceSet.parse("*"),
                        List.of(Simple.UID, section(SectionKind.BODY, true, List.of(), null, null, null, null),
                                Simple.INTERNALDATE), true)),
                Arguments.of("a FETCH 1 FAST", new ImapCommand.Fetch(ONE,
                        List.of(Simple.FLAGS, Simple.INTERNALDATE, Simple.RFC822_SIZE), false)),
                Arguments.of("a FETCH 1 FULL", new ImapCommand.Fetch(ONE, List.of(Simple.FLAGS,
                        Simple.INTERNALDATE, Simple.RFC822_SIZE, Simple.ENVELOPE, Simple.BODY), false)),
                Arguments.of("a FETCH 1 (RFC822 FLAGS FLAGS)", new ImapCommand.Fetch(ONE,
                        List.of(section(SectionKind.RFC822, false, List.of(), null, null, null, null), Simple.FLAGS),
                        false)),
                // RFC 9051 §6.4.5 examples
                Arguments.of("A654 FETCH 2:4 (FLAGS BODY[HEADER.FIELDS (DATE FROM)])", new ImapCommand.Fetch(
                        SequenceSet.parse("2:4"), List.of(Simple.FLAGS, section(SectionKind.BODY, false, List.of(),
                                "HEADER.FIELDS", List.of("DATE", "FROM"), null, null)), false)),
                Arguments.of("a FETCH 1 (BODY.PEEK[1.2.MIME] BODY[3.TEXT]<0.2048> BINARY[1]<5.10> BINARY.SIZE[2])",
                        new ImapCommand.Fetch(ONE, List.of(
                                section(SectionKind.BODY, true, List.of(1, 2), "MIME", null, null, null),
                                section(SectionKind.BODY, false, List.of(3), "TEXT", null, 0L, 2048L),
                                section(SectionKind.BINARY, false, List.of(1), null, null, 5L, 10L),
                                section(SectionKind.BINARY_SIZE, false, List.of(2), null, null, null, null)), false)),
                Arguments.of("a FETCH 1 (ENVELOPE BODYSTRUCTURE RFC822.HEADER RFC822.TEXT)", new ImapCommand.Fetch(
                        ONE, List.of(Simple.ENVELOPE, Simple.BODYSTRUCTURE,
                                section(SectionKind.RFC822_HEADER, true, List.of(), "HEADER", null, null, null),
                                section(SectionKind.RFC822_TEXT, false, List.of(), "TEXT", null, null, null)), false)),
                // RFC 7162 §3.2.6 example
                Arguments.of("s100 UID FETCH 300:500 (FLAGS) (CHANGEDSINCE 12345 VANISHED)", new ImapCommand.Fetch(
                        SequenceSet.parse("300:500"), List.of(Simple.UID, Simple.FLAGS, Simple.MODSEQ), true,
                        12345L, true)),
                Arguments.of("a STORE 2:4 +FLAGS (\\Deleted)", new ImapCommand.Store(SequenceSet.parse("2:4"), false,
                        "ADD", false, List.of("\\Deleted"), null)),
                Arguments.of("a UID STORE 1 -FLAGS.SILENT \\Seen $Junk", new ImapCommand.Store(ONE, true, "REMOVE",
                        true, List.of("\\Seen", "$Junk"), null)),
                Arguments.of("a STORE 7 (UNCHANGEDSINCE 320162338) FLAGS ()", new ImapCommand.Store(
                        SequenceSet.parse("7"), false, "REPLACE", false, List.of(), 320162338L)),
                Arguments.of("a COPY 2:4 MEETING", new ImapCommand.Copy(SequenceSet.parse("2:4"), false, "MEETING",
                        false)),
                Arguments.of("a UID MOVE 42:69 foo", new ImapCommand.Copy(SequenceSet.parse("42:69"), true, "foo",
                        true)),
                Arguments.of("a IDLE", new ImapCommand.Idle()),
                Arguments.of("a ID (\"name\" \"sodr\" \"version\" \"19.34\")", new ImapCommand.Id(id)),
                Arguments.of("a ID NIL", new ImapCommand.Id(null)),
                Arguments.of("a GETQUOTAROOT INBOX", new ImapCommand.GetQuota(null, "INBOX")),
                Arguments.of("a GETQUOTA \"\"", new ImapCommand.GetQuota("", null)),
                Arguments.of("a COMPRESS DEFLATE", new ImapCommand.Compress("DEFLATE")),
                Arguments.of("a XYZZY", new ImapCommand.Unknown("XYZZY")));
    }

    static Stream<Arguments> mustFail() {
        return Stream.of(
                Arguments.of("a CAPABILITY x", "a BAD Unexpected arguments"),
                Arguments.of("a LOGIN onlyuser", "a BAD LOGIN expects a user name and a password"),
                Arguments.of("a LOGIN (a) b c", "a BAD LOGIN expects a user name and a password"),
                Arguments.of("a LOGIN () b", "a BAD LOGIN expects a user name and a password"),
                Arguments.of("a LOGIN a b c", "a BAD LOGIN expects a user name and a password"),
                Arguments.of("a AUTHENTICATE", "a BAD Missing SASL mechanism"),
                Arguments.of("a SELECT", "a BAD SELECT expects one mailbox name"),
                Arguments.of("a EXAMINE a b", "a BAD EXAMINE expects one mailbox name"),
                Arguments.of("a SELECT INBOX (FOO)", "a BAD Unknown select parameter"),
                Arguments.of("a SELECT \"\"", "a NO [NONEXISTENT] Empty mailbox name"),
                Arguments.of("a SELECT &Jjo", "a BAD Invalid modified UTF-7 mailbox name"),
                Arguments.of("a SELECT &Jjo!-", "a BAD Invalid modified UTF-7 mailbox name"),
                Arguments.of("a SELECT \"caf\u00e9\"", "a BAD Mailbox name must be modified UTF-7 (or ENABLE "
                        + "UTF8=ACCEPT)"),
                Arguments.of("a CREATE x (USE (\\Drafts \\Sent))", "a NO [USEATTR] Exactly one special-use attribute "
                        + "is supported"),
                Arguments.of("a RENAME a", "a BAD Missing mailbox name"),
                Arguments.of("a LIST (RECURSIVEMATCH) \"\" *", "a BAD RECURSIVEMATCH needs another selection option"),
                Arguments.of("a LIST \"\" * RETURN (BOGUS)", "a BAD Unknown LIST return option"),
                Arguments.of("a STATUS x (MESSAGES BOGUS)", "a BAD Unknown STATUS item"),
                Arguments.of("a STATUS x ()", "a BAD STATUS expects at least one item"),
                Arguments.of("a APPEND INBOX \"x\"", "a BAD Invalid date-time"),
                Arguments.of("a APPEND INBOX (\\Recent) {1+}\r\nx", "a BAD Invalid flag \\Recent"),
                Arguments.of("a APPEND INBOX", "a BAD Missing message literal"),
                Arguments.of("a APPEND INBOX \"hello\"", "a BAD Invalid date-time"),
                Arguments.of("a SEARCH", "a BAD Missing search criteria"),
                Arguments.of("a SEARCH BOGUS", "a BAD Unknown search key BOGUS"),
                Arguments.of("a SEARCH SINCE 31-Foo-2000", "a BAD Invalid date, expected d-Mon-yyyy"),
                Arguments.of("a SEARCH CHARSET KOI8-R ALL", "a NO [BADCHARSET (UTF-8 US-ASCII)] Unsupported charset"),
                Arguments.of("a SEARCH (ALL", "a BAD Unterminated search key list"),
                Arguments.of("a SEARCH " + "NOT ".repeat(100) + "ALL", "a BAD Search criteria nested too deeply"),
                Arguments.of("a SEARCH RETURN (FOO) ALL", "a BAD Unknown SEARCH return option"),
                Arguments.of("a SORT (BOGUS) UTF-8 ALL", "a BAD Unknown sort key"),
                Arguments.of("a THREAD ORDEREDSUBJECT UTF-8 ALL", "a BAD Unsupported thread algorithm"),
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
                Arguments.of("a FETCH 1 (FLAGS) UID", "a BAD Unexpected arguments"),
                Arguments.of("a FETCH 1 FLAGS UID", "a BAD Unexpected arguments"),
                Arguments.of("a FETCH 1 BOGUS", "a BAD Unsupported FETCH data item BOGUS"),
                Arguments.of("a FETCH 1 BODY[HEADER.FIELDS]", "a BAD Invalid header field list"),
                Arguments.of("a FETCH 1 BODY[MIME]", "a BAD Invalid section text"),
                Arguments.of("a FETCH 1 BODY[0]", "a BAD Invalid section part number"),
                Arguments.of("a FETCH 1 BINARY[HEADER]", "a BAD BINARY takes part numbers only (RFC 3516)"),
                Arguments.of("a FETCH 1 BODY[]<0.0>", "a BAD Invalid FETCH partial"),
                Arguments.of("a FETCH 1 BODY[]<5>", "a BAD Invalid FETCH partial"),
                Arguments.of("a FETCH 1 BINARY.SIZE[1]<0.5>", "a BAD Invalid FETCH partial"),
                Arguments.of("a FETCH 1 (FAST UID)", "a BAD FETCH macro FAST must stand alone"),
                Arguments.of("a FETCH 1 FLAGS (VANISHED)", "a BAD VANISHED needs UID FETCH with CHANGEDSINCE"),
                Arguments.of("a STORE 1 FLAGS.LOUD (\\Seen)", "a BAD Invalid STORE data item"),
                Arguments.of("a STORE 1 +FLAGS", "a BAD STORE expects flags"),
                Arguments.of("a STORE 1 (NOPE 5) FLAGS ()", "a BAD Unknown STORE modifier"),
                Arguments.of("a COPY 1", "a BAD Missing mailbox name"),
                Arguments.of("a UID", "a BAD Missing UID command"),
                Arguments.of("a UID \"FETCH\" 1 FLAGS", "a BAD Expected an atom for UID command"),
                Arguments.of("a UID BOGUS 1", "a BAD Unknown UID command"),
                Arguments.of("a ID (\"a\")", "a BAD Expected a string for ID value"),
                Arguments.of("a ENABLE", "a BAD ENABLE expects capability names"),
                Arguments.of("a IDLE now", "a BAD Unexpected arguments"));
    }

    @ParameterizedTest
    @MethodSource("valid")
    void parses(String line, ImapCommand expected) {
        assertThat(parse(line, 8192)).isEqualTo(expected);
    }

    @ParameterizedTest
    @MethodSource("mustFail")
    void rejects(String line, String reply) {
        assertThatThrownBy(() -> parse(line, 8192)).isInstanceOfSatisfying(ProtocolException.class,
                e -> assertThat(e.withTag("a").toReply()).isEqualTo(reply + "\r\n"));
    }

    /** The whole valid corpus, pipelined in one stream, fed in chunks of 1 to 512 octets, parses identically. */
    @Test
    void chunkSweepParsesTheCorpusIdentically() {
        ByteArrayOutputStream corpus = new ByteArrayOutputStream();
        List<ImapCommand> expected = new ArrayList<>();
        valid().forEach(a -> {
            corpus.writeBytes(((String) a.get()[0] + "\r\n").getBytes(StandardCharsets.UTF_8));
            expected.add((ImapCommand) a.get()[1]);
        });
        byte[] all = corpus.toByteArray();
        for (int chunk = 1; chunk <= 512; chunk *= 2) {
            ImapReceiver receiver = new ImapReceiver(new ReceiverLimits(8192, 8192));
            List<ImapCommand> parsed = new ArrayList<>();
            for (int i = 0; i < all.length; i += chunk) {
                receiver.feed(all, i, Math.min(chunk, all.length - i));
                for (ReceiverEvent e = receiver.next(); !(e instanceof ReceiverEvent.NeedsMoreData);
                        e = receiver.next()) {
                    if (e instanceof ReceiverEvent.Complete c) {
                        parsed.add(CommandParser.parse(c.request()));
                    }
                }
            }
            assertThat(parsed).as("chunk size %d", chunk).isEqualTo(expected);
        }
    }

    @Test
    void utf8NamesAfterEnableAreTakenAsIs() {
        ImapCommand select = CommandParser.parse(request("a SELECT \"Entw\u00fcrfe/caf\u00e9\""), true);
        assertThat(select).isEqualTo(new ImapCommand.Select("Entw\u00fcrfe/caf\u00e9", false));
    }

    @Test
    void credentialsNeverPrinted() {
        assertThat(new ImapCommand.Login("fred", "secret").toString()).doesNotContain("secret");
        assertThat(new ImapCommand.Authenticate("PLAIN", "c2VjcmV0").toString()).doesNotContain("c2VjcmV0");
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

    @Test
    void sectionResponseNamesEchoTheRequest() {
        Section s = Section.parse("BODY.PEEK[1.HEADER.FIELDS.NOT (subject \"x-Spam\")]<10.20>");
        assertThat(s.responseName()).isEqualTo("BODY[1.HEADER.FIELDS.NOT (SUBJECT X-SPAM)]<10>");
        assertThat(s.setsSeen()).isFalse();
        assertThat(Section.parse("BINARY.SIZE[1.2]").responseName()).isEqualTo("BINARY.SIZE[1.2]");
        assertThat(Section.parse("BODY[]").setsSeen()).isTrue();
    }

    private static Section section(SectionKind kind, boolean peek, List<Integer> part, String text,
            List<String> fields, Long start, Long length) {
        return new Section(kind, peek, part, text, fields, start, length);
    }

    private static ImapCommand.ListMailboxes list(List<String> patterns, boolean lsub) {
        return new ImapCommand.ListMailboxes(patterns, lsub, false, false, false, false, false, false, null, false);
    }

    private static SearchKey key(String key, String value) {
        return new SearchKey(key, null, value, null, null, null);
    }

    private static SearchKey not(SearchKey child) {
        return new SearchKey("NOT", null, null, null, null, List.of(child));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static dev.mailplatform.imap.protocol.Request request(String line) {
        ImapReceiver receiver = new ImapReceiver(new ReceiverLimits(8192, 8192));
        receiver.feed((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        ReceiverEvent event = receiver.next();
        while (event instanceof ReceiverEvent.LiteralAccepted) {
            event = receiver.next();
        }
        assertThat(event).isInstanceOf(ReceiverEvent.Complete.class);
        return ((ReceiverEvent.Complete) event).request();
    }

    private static ImapCommand parse(String line, int limit) {
        return CommandParser.parse(request(line));
    }
}
