package dev.mailplatform.imap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailplatform.imap.server.ImapServer;
import dev.mailplatform.testkit.Infrastructure;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Message commands over real sockets against the real mailbox service and S3: APPEND (UIDPLUS), FETCH of ENVELOPE,
 * BODYSTRUCTURE, sections, partials and BINARY, STORE (with CONDSTORE), SEARCH/ESEARCH/SORT, COPY/MOVE (COPYUID),
 * EXPUNGE/UID EXPUNGE and CLOSE. Each test works in its own mailbox so they do not depend on each other.
 */
@QuarkusTest
@QuarkusTestResource(value = ImapTestResource.class, restrictToAnnotatedClass = false)
class MessageCommandsIT {
    private static final Pattern APPENDUID = Pattern.compile("OK \\[APPENDUID (\\d+) (\\d+)] APPEND completed");
    private static final TestMailboxes BOX = TestMailboxes.create("imap-msg");

    @Inject
    ImapServer server;

    @Test
    void appendThenFetchStructureAndSections() throws IOException {
        byte[] attachment = "binary\0payload".getBytes(StandardCharsets.ISO_8859_1);
        byte[] message = BOX.multipart("structure", "Hello text part", attachment);
        try (ImapTestClient c = login()) {
            c.tagged("p1", "CREATE Structure");
            long uid = append(c, "p2", "Structure", "(\\Flagged)", message);
            c.command("p3", "SELECT Structure");
            List<String> meta = c.command("p4", "UID FETCH " + uid + " (FLAGS ENVELOPE BODYSTRUCTURE)");
            assertThat(meta.get(0)).startsWith("* 1 FETCH (UID " + uid + " FLAGS (\\Flagged) ENVELOPE (")
                    .contains("\"structure\"", "((\"Bob\" NIL \"bob\" \"sender.example\"))")
                    .contains("BODYSTRUCTURE ((\"text\" \"plain\"")
                    .contains("\"mixed\"");
            assertThat(c.command("p5", "FETCH 1 BODY.PEEK[1]")).containsExactly(
                    "* 1 FETCH (BODY[1] {15}\r\nHello text part)", "p5 OK FETCH completed");
            assertThat(c.command("p6", "FETCH 1 (BODY.PEEK[HEADER.FIELDS (SUBJECT)])")).containsExactly(
                    "* 1 FETCH (BODY[HEADER.FIELDS (SUBJECT)] {22}\r\nSubject: structure\r\n\r\n)",
                    "p6 OK FETCH completed");
            assertThat(c.command("p7", "FETCH 1 BODY.PEEK[]<0.6>")).containsExactly(
                    "* 1 FETCH (BODY[]<0> {6}\r\nFrom: )", "p7 OK FETCH completed");
            assertThat(c.command("p8", "FETCH 1 (BINARY.SIZE[2] BINARY.PEEK[2])")).containsExactly(
                    "* 1 FETCH (BINARY.SIZE[2] 14 BINARY[2] ~{14}\r\nbinary\0payload)", "p8 OK FETCH completed");
            assertThat(c.command("p9", "FETCH 1 BODY.PEEK[2.MIME]").get(0))
                    .contains("Content-Transfer-Encoding: base64");
            // not .PEEK: \Seen is set and reported (RFC 9051 §6.4.5)
            assertThat(c.command("p10", "FETCH 1 BODY[TEXT]<0.4>")).satisfiesExactly(
                    l -> assertThat(l).isIn("* 1 FETCH (BODY[TEXT]<0> {4}\r\n--b1 FLAGS (\\Flagged \\Seen))",
                            "* 1 FETCH (BODY[TEXT]<0> {4}\r\n--b1 FLAGS (\\Seen \\Flagged))"),
                    l -> assertThat(l).isEqualTo("p10 OK FETCH completed"));
        }
    }

    @Test
    void appendRefusals() throws IOException {
        try (ImapTestClient c = login()) {
            assertThat(c.tagged("r1", "APPEND Nowhere {3+}\r\nabc")).isEqualTo("r1 NO [TRYCREATE] No such mailbox");
            c.send("r2 APPEND INBOX {50000000}\r\n");
            assertThat(c.readLine()).isEqualTo("r2 NO [TOOBIG] Literal too big (limit 33554432 octets)");
            assertThat(c.tagged("r3", "NOOP")).isEqualTo("r3 OK NOOP completed");
        }
    }

    @Test
    void storeSearchAndExpunge() throws IOException {
        try (ImapTestClient c = login()) {
            c.tagged("s0", "CREATE Work");
            long first = append(c, "s1", "Work", "()", BOX.message("alpha", "first body\r\n"));
            long second = append(c, "s2", "Work", "(\\Seen)", BOX.message("beta", "second body\r\n"));
            long third = append(c, "s3", "Work", "()", BOX.message("gamma", "third body\r\n"));
            assertThat(c.command("s4", "SELECT Work")).contains("* 3 EXISTS");
            assertThat(c.command("s5", "STORE 1 +FLAGS (\\Deleted)")).containsExactly(
                    "* 1 FETCH (FLAGS (\\Deleted))", "s5 OK STORE completed");
            assertThat(c.command("s6", "UID STORE " + third + " +FLAGS.SILENT ($Important)")).containsExactly(
                    "s6 OK UID STORE completed");
            assertThat(c.command("s7", "SEARCH UNSEEN")).containsExactly("* SEARCH 1 3", "s7 OK SEARCH completed");
            assertThat(c.command("s8", "UID SEARCH KEYWORD $Important")).containsExactly("* SEARCH " + third,
                    "s8 OK UID SEARCH completed");
            assertThat(c.command("s9", "SEARCH SUBJECT beta")).containsExactly("* SEARCH 2",
                    "s9 OK SEARCH completed");
            assertThat(c.command("s10", "SEARCH RETURN (MIN MAX COUNT) ALL")).containsExactly(
                    "* ESEARCH (TAG \"s10\") MIN 1 MAX 3 COUNT 3", "s10 OK SEARCH completed");
            assertThat(c.command("s11", "SEARCH 2:3 NOT SEEN")).containsExactly("* SEARCH 3",
                    "s11 OK SEARCH completed");
            assertThat(c.command("s12", "SORT (REVERSE SUBJECT) UTF-8 ALL")).containsExactly("* SORT 3 2 1",
                    "s12 OK SORT completed");
            assertThat(c.command("s13", "EXPUNGE")).containsExactly("* 1 EXPUNGE", "s13 OK EXPUNGE completed");
            assertThat(c.command("s14", "UID FETCH 1:* (UID)")).containsExactly("* 1 FETCH (UID " + second + ")",
                    "* 2 FETCH (UID " + third + ")", "s14 OK UID FETCH completed");
            assertThat(c.command("s15", "UID EXPUNGE " + first + ":" + second)).containsExactly(
                    "s15 OK UID EXPUNGE completed"); // second is not \Deleted, first is gone
            assertThat(c.tagged("s16", "STORE 5 +FLAGS (\\Seen)")).isEqualTo("s16 BAD Invalid message sequence number");
        }
    }

    @Test
    void copyAndMoveReportUids() throws IOException {
        try (ImapTestClient c = login()) {
            c.tagged("m0", "CREATE Source");
            c.tagged("m0b", "CREATE Target");
            long a = append(c, "m1", "Source", "()", BOX.message("one", "1\r\n"));
            long b = append(c, "m2", "Source", "()", BOX.message("two", "2\r\n"));
            c.command("m3", "SELECT Source");
            assertThat(c.tagged("m4", "COPY 1:2 Target")).matches(
                    "m4 OK \\[COPYUID \\d+ " + a + ":" + b + " \\d+:\\d+] COPY completed");
            assertThat(c.tagged("m5", "COPY 1 Nowhere")).isEqualTo("m5 NO [TRYCREATE] No such target mailbox");
            List<String> move = c.command("m6", "UID MOVE " + a + " Target");
            assertThat(move).hasSize(3);
            assertThat(move.get(0)).matches("\\* OK \\[COPYUID \\d+ " + a + " \\d+] Moved");
            assertThat(move.get(1)).isEqualTo("* 1 EXPUNGE");
            assertThat(move.get(2)).isEqualTo("m6 OK UID MOVE completed");
            assertThat(c.command("m7", "STATUS Target (MESSAGES)")).containsExactly(
                    "* STATUS \"Target\" (MESSAGES 3)", "m7 OK STATUS completed");
            assertThat(c.command("m8", "EXAMINE Target")).last().asString()
                    .isEqualTo("m8 OK [READ-ONLY] EXAMINE completed");
            assertThat(c.tagged("m9", "STORE 1 +FLAGS (\\Seen)")).isEqualTo("m9 NO [READ-ONLY] Mailbox is read-only");
            assertThat(c.tagged("m10", "UNSELECT")).isEqualTo("m10 OK UNSELECT completed");
            assertThat(c.tagged("m11", "FETCH 1 FLAGS"))
                    .isEqualTo("m11 BAD Command not permitted without a selected mailbox");
        }
    }

    @Test
    void condstoreModseqsAndConditionalStore() throws IOException {
        try (ImapTestClient c = login()) {
            c.tagged("q0", "CREATE Cond");
            append(c, "q1", "Cond", "()", BOX.message("cond", "x\r\n"));
            List<String> select = c.command("q2", "SELECT Cond (CONDSTORE)");
            assertThat(select).anyMatch(l -> l.matches("\\* OK \\[HIGHESTMODSEQ [1-9]\\d*] .*"));
            String fetched = c.command("q3", "FETCH 1 (MODSEQ)").get(0);
            Matcher m = Pattern.compile("MODSEQ \\((\\d+)\\)").matcher(fetched);
            assertThat(m.find()).as(fetched).isTrue();
            long modseq = Long.parseLong(m.group(1));
            assertThat(c.command("q4", "STORE 1 (UNCHANGEDSINCE " + modseq + ") +FLAGS (\\Answered)").get(0))
                    .matches("\\* 1 FETCH \\(FLAGS \\(\\\\Answered\\) MODSEQ \\(\\d+\\)\\)");
            assertThat(c.tagged("q5", "STORE 1 (UNCHANGEDSINCE " + modseq + ") +FLAGS (\\Flagged)"))
                    .isEqualTo("q5 OK [MODIFIED 1] Conditional STORE failed");
            assertThat(c.command("q6", "FETCH 1:* (FLAGS) (CHANGEDSINCE " + modseq + ")").get(0))
                    .matches("\\* 1 FETCH \\(FLAGS \\(\\\\Answered\\) MODSEQ \\(\\d+\\)\\)");
            assertThat(c.tagged("q7", "CLOSE")).isEqualTo("q7 OK CLOSE completed");
        }
    }

    @Test
    void threadAndQresync() throws IOException {
        try (ImapTestClient c = login()) {
            c.tagged("h0", "CREATE Threads");
            byte[] root = ("From: a@example.org\r\nSubject: plan\r\nMessage-ID: <root@x>\r\n"
                    + "Date: Mon, 1 Jan 2024 00:00:00 +0000\r\n\r\nroot\r\n").getBytes(StandardCharsets.US_ASCII);
            byte[] reply = ("From: b@example.org\r\nSubject: Re: plan\r\nMessage-ID: <reply@x>\r\n"
                    + "In-Reply-To: <root@x>\r\nReferences: <root@x>\r\nDate: Mon, 1 Jan 2024 01:00:00 +0000\r\n"
                    + "\r\nreply\r\n").getBytes(StandardCharsets.US_ASCII);
            byte[] other = ("From: c@example.org\r\nSubject: lunch\r\nMessage-ID: <other@x>\r\n"
                    + "Date: Mon, 1 Jan 2024 02:00:00 +0000\r\n\r\nother\r\n").getBytes(StandardCharsets.US_ASCII);
            append(c, "h1", "Threads", "()", root);
            append(c, "h2", "Threads", "()", reply);
            append(c, "h3", "Threads", "()", other);
            List<String> select = c.command("h4", "SELECT Threads");
            long validity = select.stream().filter(l -> l.startsWith("* OK [UIDVALIDITY ")).findFirst()
                    .map(l -> Long.parseLong(l.replaceAll("\\D+", ""))).orElseThrow();
            assertThat(c.command("h5", "THREAD REFERENCES UTF-8 ALL")).containsExactly("* THREAD (1 2)(3)",
                    "h5 OK THREAD completed");
            String modseqLine = c.command("h6", "FETCH 3 (MODSEQ)").get(0);
            Matcher m = Pattern.compile("MODSEQ \\((\\d+)\\)").matcher(modseqLine);
            assertThat(m.find()).as(modseqLine).isTrue();
            long modseq = Long.parseLong(m.group(1));
            c.tagged("h7", "STORE 1 +FLAGS.SILENT (\\Deleted)");
            c.command("h8", "EXPUNGE");
            c.tagged("h9", "STORE 1 +FLAGS.SILENT (\\Flagged)");
            c.tagged("h10", "UNSELECT");
            assertThat(c.command("h11", "ENABLE QRESYNC")).first().asString().startsWith("* ENABLED QRESYNC");
            List<String> resync = c.command("h12", "SELECT Threads (QRESYNC (" + validity + " " + modseq + "))");
            assertThat(resync).anyMatch(l -> l.matches("\\* VANISHED \\(EARLIER\\) \\d+"));
            assertThat(resync).anyMatch(l -> l.matches("\\* 1 FETCH \\(UID \\d+ FLAGS \\(\\\\Flagged\\) MODSEQ \\(\\d+\\)\\)"));
            assertThat(resync.get(resync.size() - 1)).isEqualTo("h12 OK [READ-WRITE] SELECT completed");
        }
    }

    @Test
    void qresyncFromBeforePrunedHistoryReportsEveryUidTheMailboxNoLongerHas() throws Exception {
        try (ImapTestClient c = login()) {
            c.tagged("v0", "CREATE Pruned");
            for (int i = 1; i <= 5; i++) {
                append(c, "v" + i, "Pruned", "()", BOX.message("pruned " + i, "x\r\n"));
            }
            List<String> select = c.command("v6", "SELECT Pruned");
            long validity = select.stream().filter(l -> l.startsWith("* OK [UIDVALIDITY ")).findFirst()
                    .map(l -> Long.parseLong(l.replaceAll("\\D+", ""))).orElseThrow();
            Matcher m = Pattern.compile("MODSEQ \\((\\d+)\\)").matcher(c.command("v7", "FETCH 5 (MODSEQ)").get(0));
            assertThat(m.find()).isTrue();
            long modseq = Long.parseLong(m.group(1));
            c.tagged("v8", "STORE 2,4 +FLAGS.SILENT (\\Deleted)");
            c.command("v9", "EXPUNGE");
            c.tagged("v10", "UNSELECT");
            // what the mailbox service's history pruner leaves after the retention: no tombstones, and the mark
            // that history up to the mailbox's current MODSEQ is incomplete
            sql("DELETE FROM expunged_messages WHERE mailbox_id = (SELECT id FROM mailboxes WHERE account_id = ?"
                    + " AND name = 'Pruned')");
            sql("UPDATE mailboxes SET expunges_pruned_through = highest_modseq WHERE account_id = ?"
                    + " AND name = 'Pruned'");

            c.command("v11", "ENABLE QRESYNC");
            List<String> resync = c.command("v12", "SELECT Pruned (QRESYNC (" + validity + " " + modseq + "))");
            assertThat(resync).contains("* VANISHED (EARLIER) 2,4");
            assertThat(resync.get(resync.size() - 1)).isEqualTo("v12 OK [READ-WRITE] SELECT completed");
            // the client's known UIDs narrow the answer (RFC 7162 §3.2.5.2)
            c.tagged("v13", "UNSELECT");
            assertThat(c.command("v14", "SELECT Pruned (QRESYNC (" + validity + " " + modseq + " 1:3))"))
                    .contains("* VANISHED (EARLIER) 2").doesNotContain("* VANISHED (EARLIER) 2,4");
            assertThat(c.command("v15", "UID FETCH 3:* (FLAGS) (CHANGEDSINCE " + modseq + " VANISHED)"))
                    .contains("* VANISHED (EARLIER) 4");
        }
    }

    /** Runs one statement with the test account's id bound to every parameter. */
    private static void sql(String statement) throws Exception {
        Infrastructure infra = Infrastructure.shared();
        try (Connection c = DriverManager.getConnection(infra.jdbcUrl(), infra.dbUser(), infra.dbPassword());
                PreparedStatement ps = c.prepareStatement(statement)) {
            for (int i = 1; i <= ps.getParameterMetaData().getParameterCount(); i++) {
                ps.setObject(i, BOX.account);
            }
            assertThat(ps.executeUpdate()).as(statement).isPositive();
        }
    }

    private static long append(ImapTestClient c, String tag, String mailbox, String flags, byte[] message)
            throws IOException {
        c.send(tag + " APPEND " + mailbox + " " + flags + " {" + message.length + "+}\r\n");
        c.send(message);
        c.send("\r\n");
        List<String> lines = c.readUntilTagged(tag);
        return uidOf(lines.get(lines.size() - 1));
    }

    private static long uidOf(String reply) {
        Matcher m = APPENDUID.matcher(reply);
        assertThat(m.find()).as(reply).isTrue();
        return Long.parseLong(m.group(2));
    }

    private ImapTestClient login() throws IOException {
        ImapTestClient c = new ImapTestClient(server.port());
        c.readLine();
        assertThat(c.tagged("l", BOX.login())).endsWith("LOGIN completed");
        return c;
    }
}
