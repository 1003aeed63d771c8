package dev.mailplatform.imap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailplatform.imap.server.ImapServer;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Mailbox-level commands over real sockets against the real mailbox service: CREATE (with SPECIAL-USE), LIST in its
 * rev1, LIST-EXTENDED, LIST-STATUS and LSUB forms, STATUS, RENAME, DELETE, SUBSCRIBE, NAMESPACE, ID, ENABLE, QUOTA,
 * and mailbox names in modified UTF-7 versus UTF-8.
 */
@QuarkusTest
@QuarkusTestResource(value = ImapTestResource.class, restrictToAnnotatedClass = false)
class MailboxCommandsIT {
    private static TestMailboxes box;

    @Inject
    ImapServer server;

    @BeforeAll
    static void account() {
        box = TestMailboxes.create("imap-mbx");
    }

    @Test
    void createListRenameDelete() throws IOException {
        try (ImapTestClient c = login()) {
            assertThat(c.tagged("c1", "CREATE Projects/")).isEqualTo("c1 OK CREATE completed");
            assertThat(c.tagged("c2", "CREATE Projects/Alpha")).isEqualTo("c2 OK CREATE completed");
            assertThat(c.tagged("c3", "CREATE Projects")).isEqualTo("c3 NO [ALREADYEXISTS] Mailbox already exists");
            assertThat(c.tagged("c4", "CREATE inbox")).isEqualTo("c4 NO [ALREADYEXISTS] INBOX always exists");
            assertThat(c.command("c5", "LIST \"\" *")).contains(
                    "* LIST (\\HasNoChildren) \"/\" \"INBOX\"",
                    "* LIST (\\HasChildren) \"/\" \"Projects\"",
                    "* LIST (\\HasNoChildren) \"/\" \"Projects/Alpha\"",
                    "c5 OK LIST completed");
            assertThat(c.command("c6", "LIST Projects %")).containsExactly(
                    "* LIST (\\HasNoChildren) \"/\" \"Projects/Alpha\"", "c6 OK LIST completed");
            assertThat(c.command("c7", "LIST \"\" \"\"")).containsExactly("* LIST (\\Noselect) \"/\" \"\"",
                    "c7 OK LIST completed");
            assertThat(c.tagged("c8", "RENAME Projects/Alpha Projects/Beta")).isEqualTo("c8 OK RENAME completed");
            assertThat(c.command("c9", "LIST \"\" Projects/*")).containsExactly(
                    "* LIST (\\HasNoChildren) \"/\" \"Projects/Beta\"", "c9 OK LIST completed");
            assertThat(c.tagged("c10", "DELETE Projects/Beta")).isEqualTo("c10 OK DELETE completed");
            assertThat(c.tagged("c11", "DELETE Projects/Beta")).isEqualTo("c11 NO [NONEXISTENT] No such mailbox");
            assertThat(c.tagged("c12", "DELETE INBOX")).isEqualTo("c12 NO [CANNOT] INBOX cannot be deleted");
        }
    }

    @Test
    void specialUseAndListExtended() throws IOException {
        try (ImapTestClient c = login()) {
            assertThat(c.tagged("s1", "CREATE Keep (USE (\\Flagged))")).isEqualTo("s1 OK CREATE completed");
            assertThat(c.tagged("s2", "CREATE Bin (USE (\\Nonsense))"))
                    .isEqualTo("s2 NO [USEATTR] Unknown special-use attribute");
            List<String> special = c.command("s3", "LIST (SPECIAL-USE) \"\" *");
            assertThat(special).contains("* LIST (\\HasNoChildren \\Flagged) \"/\" \"Keep\"");
            assertThat(special.subList(0, special.size() - 1)).allMatch(
                    l -> l.matches("\\* LIST \\(.*\\\\(All|Archive|Drafts|Flagged|Junk|Sent|Trash).*"));
            assertThat(c.tagged("s4", "SUBSCRIBE Keep")).isEqualTo("s4 OK SUBSCRIBE completed");
            assertThat(c.command("s5", "LIST (SUBSCRIBED) \"\" * RETURN (STATUS (MESSAGES UIDVALIDITY))"))
                    .contains("* LIST (\\HasNoChildren \\Flagged \\Subscribed) \"/\" \"Keep\"")
                    .anyMatch(l -> l.matches("\\* STATUS \"Keep\" \\(MESSAGES 0 UIDVALIDITY \\d+\\)"))
                    .noneMatch(l -> l.contains("\"Projects"));
            assertThat(c.command("s6", "LSUB \"\" K*")).containsExactly("* LSUB () \"/\" \"Keep\"",
                    "s6 OK LSUB completed");
            assertThat(c.tagged("s7", "UNSUBSCRIBE Keep")).isEqualTo("s7 OK UNSUBSCRIBE completed");
            assertThat(c.command("s8", "LSUB \"\" K*")).containsExactly("s8 OK LSUB completed");
        }
    }

    @Test
    void statusReportsCountersWithoutSelecting() throws Exception {
        box.deliver(box.message("status", "one\r\n"));
        try (ImapTestClient c = login()) {
            List<String> status = c.command("t1", "STATUS INBOX (MESSAGES UNSEEN UIDNEXT UIDVALIDITY RECENT SIZE "
                    + "HIGHESTMODSEQ DELETED)");
            assertThat(status.get(0)).matches("\\* STATUS \"INBOX\" \\(MESSAGES [1-9]\\d* UNSEEN \\d+ UIDNEXT \\d+ "
                    + "UIDVALIDITY \\d+ RECENT 0 SIZE [1-9]\\d* HIGHESTMODSEQ \\d+ DELETED 0\\)");
            assertThat(c.tagged("t2", "STATUS nowhere (MESSAGES)")).isEqualTo("t2 NO [NONEXISTENT] No such mailbox");
        }
    }

    @Test
    void namesAreModifiedUtf7UnlessUtf8IsEnabled() throws IOException {
        try (ImapTestClient c = login()) {
            assertThat(c.tagged("u1", "CREATE Entw&APw-rfe")).isEqualTo("u1 OK CREATE completed");
            assertThat(c.command("u2", "LIST \"\" Entw*")).containsExactly(
                    "* LIST (\\HasNoChildren) \"/\" \"Entw&APw-rfe\"", "u2 OK LIST completed");
            assertThat(c.command("u3", "ENABLE UTF8=ACCEPT")).containsExactly("* ENABLED UTF8=ACCEPT",
                    "u3 OK ENABLE completed");
            assertThat(c.command("u4", "LIST \"\" Entw*")).containsExactly(
                    "* LIST (\\HasNoChildren) \"/\" \"Entw\u00fcrfe\"", "u4 OK LIST completed");
            assertThat(c.command("u5", "SELECT \"Entw\u00fcrfe\"")).last().asString()
                    .isEqualTo("u5 OK [READ-WRITE] SELECT completed");
        }
    }

    @Test
    void namespaceIdEnableAndQuota() throws IOException {
        try (ImapTestClient c = login()) {
            assertThat(c.command("n1", "NAMESPACE")).containsExactly("* NAMESPACE ((\"\" \"/\")) NIL NIL",
                    "n1 OK NAMESPACE completed");
            assertThat(c.command("n2", "ID (\"name\" \"test\" \"version\" NIL)")).containsExactly(
                    "* ID (\"name\" \"mail-platform\" \"vendor\" \"mailplatform.dev\")", "n2 OK ID completed");
            assertThat(c.command("n3", "ENABLE QRESYNC X-UNKNOWN")).containsExactly("* ENABLED QRESYNC CONDSTORE",
                    "n3 OK ENABLE completed");
            assertThat(c.command("n4", "ENABLE CONDSTORE")).containsExactly("* ENABLED", "n4 OK ENABLE completed");
            List<String> quota = c.command("n5", "GETQUOTAROOT INBOX");
            assertThat(quota.get(0)).isEqualTo("* QUOTAROOT \"INBOX\" \"\"");
            assertThat(quota.get(1)).matches("\\* QUOTA \"\" \\(.*\\)");
            assertThat(quota.get(2)).isEqualTo("n5 OK GETQUOTAROOT completed");
            assertThat(c.tagged("n6", "GETQUOTA \"other\"")).isEqualTo("n6 NO [NONEXISTENT] No such quota root");
        }
    }

    private ImapTestClient login() throws IOException {
        ImapTestClient c = new ImapTestClient(server.port());
        c.readLine();
        assertThat(c.tagged("l", box.login())).endsWith("LOGIN completed");
        return c;
    }
}
