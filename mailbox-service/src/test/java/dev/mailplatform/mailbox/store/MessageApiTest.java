package dev.mailplatform.mailbox.store;

import static dev.mailplatform.mailbox.Fixtures.deliverRaw;
import static dev.mailplatform.mailbox.Fixtures.mail;
import static dev.mailplatform.mailbox.Fixtures.putBlob;
import static dev.mailplatform.mailbox.Fixtures.queryString;
import static dev.mailplatform.mailbox.Fixtures.read;
import static dev.mailplatform.mailbox.Fixtures.readList;
import static dev.mailplatform.mailbox.Fixtures.service;
import static dev.mailplatform.mailbox.Fixtures.sql;
import static dev.mailplatform.mailbox.Fixtures.tenantWithAccount;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mailplatform.blobstore.BlobKeys;
import dev.mailplatform.contracts.api.AppendRequest;
import dev.mailplatform.contracts.api.AppendResult;
import dev.mailplatform.contracts.api.ApiPaths;
import dev.mailplatform.contracts.api.ChangesResult;
import dev.mailplatform.contracts.api.CopyMessagesResult;
import dev.mailplatform.contracts.api.DeleteMessagesResult;
import dev.mailplatform.contracts.api.LeaseDto;
import dev.mailplatform.contracts.api.MailboxDto;
import dev.mailplatform.contracts.api.MailboxSelection;
import dev.mailplatform.contracts.api.MessageDto;
import dev.mailplatform.contracts.api.QuotaDto;
import dev.mailplatform.contracts.api.StoreFlagsResult;
import dev.mailplatform.mailbox.Fixtures;
import dev.mailplatform.mailbox.Fixtures.TenantWithAccount;
import dev.mailplatform.testkit.InfrastructureTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Messages API: fetch by UID set with parsed metadata, STORE, COPY/MOVE, EXPUNGE, APPEND, changes, quota, lease. */
@QuarkusTest
@QuarkusTestResource(value = InfrastructureTestResource.class, restrictToAnnotatedClass = false)
class MessageApiTest {
    static final byte[] MULTIPART = mail("""
            From: "Ann Sender" <ann@sender.example>
            To: user@local.example
            Subject: =?UTF-8?Q?R=C3=A9union?=
            Date: Wed, 4 Feb 2026 08:00:00 +0000
            Message-ID: <multi@sender.example>
            Content-Type: multipart/mixed; boundary=zz

            --zz
            Content-Type: text/plain; charset=utf-8

            Agenda attached
            --zz
            Content-Type: application/octet-stream; name*=UTF-8''r%C3%A9sum%C3%A9.bin

            AAAA
            --zz--
            """);

    private static MailboxDto box(UUID account, String name) {
        return read(service().get(ApiPaths.MAILBOX, account, name).then().statusCode(200), MailboxDto.class);
    }

    private static List<MessageDto> fetch(UUID account, String mailbox, String uids, String include) {
        var request = service();
        if (uids != null) {
            request = request.queryParam("uids", uids);
        }
        if (include != null) {
            request = request.queryParam("include", include);
        }
        return readList(request.get(ApiPaths.MAILBOX_MESSAGES, account, mailbox).then().statusCode(200),
                MessageDto[].class);
    }

    private static StoreFlagsResult store(UUID account, String set, String mode, List<String> flags, Long since) {
        Map<String, Object> body = new HashMap<>();
        body.put("uidSet", set);
        body.put("mode", mode);
        body.put("flags", flags);
        body.put("unchangedSince", since);
        return read(service().body(body).post(ApiPaths.MAILBOX_FLAGS, account, "INBOX").then().statusCode(200),
                StoreFlagsResult.class);
    }

    @Test
    void fetchReturnsEnvelopeAndBodyStructureParsedAtDelivery() {
        TenantWithAccount a = tenantWithAccount();
        MessageDto stored = deliverRaw(a, MULTIPART);
        assertThat(stored.envelope()).isNull(); // not asked for
        MessageDto full = fetch(a.accountId(), "INBOX", "1", "envelope,bodystructure").get(0);
        assertThat(full.envelope().subject()).isEqualTo("Réunion");
        assertThat(full.envelope().from().get(0).name()).isEqualTo("Ann Sender");
        assertThat(full.envelope().messageId()).isEqualTo("<multi@sender.example>");
        assertThat(full.bodyStructure().subtype()).isEqualTo("mixed");
        assertThat(full.bodyStructure().parts()).hasSize(2);
        assertThat(full.bodyStructure().parts().get(1).params()).containsEntry("name", "résumé.bin");
        assertThat(full.size()).isEqualTo(MULTIPART.length);
        assertThat(full.threadId()).isNotNull();
        // the offsets point into the stored body: the gateway serves BODY[1] as a range read
        var part = full.bodyStructure().parts().get(0);
        byte[] body = Fixtures.blobs().getBytes(full.blobKey());
        assertThat(new String(body, (int) part.bodyStart(), (int) (part.bodyEnd() - part.bodyStart())))
                .isEqualTo("Agenda attached");
        MessageDto envelopeOnly = fetch(a.accountId(), "INBOX", "1:*", "envelope").get(0);
        assertThat(envelopeOnly.envelope()).isNotNull();
        assertThat(envelopeOnly.bodyStructure()).isNull();
        service().queryParam("include", "flags").get(ApiPaths.MAILBOX_MESSAGES, a.accountId(), "INBOX").then()
                .statusCode(400);
        service().queryParam("uids", "1:x").get(ApiPaths.MAILBOX_MESSAGES, a.accountId(), "INBOX").then()
                .statusCode(400);
    }

    @Test
    void uidSetsSelectMessages() {
        TenantWithAccount a = tenantWithAccount();
        for (int i = 0; i < 5; i++) {
            deliverRaw(a, mail("Subject: n" + i + "\n\nbody " + i + "\n"));
        }
        assertThat(fetch(a.accountId(), "INBOX", "2:3,5", null)).extracting(MessageDto::uid)
                .containsExactly(2L, 3L, 5L);
        assertThat(fetch(a.accountId(), "INBOX", "*", null)).extracting(MessageDto::uid).containsExactly(5L);
        assertThat(fetch(a.accountId(), "INBOX", "9:*", null)).extracting(MessageDto::uid).containsExactly(5L);
        assertThat(fetch(a.accountId(), "INBOX", "6:8", null)).isEmpty();
        assertThat(fetch(a.accountId(), "INBOX", null, null)).hasSize(5);
    }

    @Test
    void selectionGivesUidStateAndAllMessagesInOneAnswer() {
        TenantWithAccount a = tenantWithAccount();
        for (int i = 0; i < 3; i++) {
            deliverRaw(a, mail("Subject: s" + i + "\n\nbody " + i + "\n"));
        }
        store(a.accountId(), "2", "ADD", List.of("\\Flagged"), null);
        MailboxSelection selection = read(service().get(ApiPaths.MAILBOX_SELECTION, a.accountId(), "INBOX").then()
                .statusCode(200), MailboxSelection.class);
        MailboxDto box = box(a.accountId(), "INBOX");
        assertThat(selection.uidValidity()).isEqualTo(box.uidValidity());
        assertThat(selection.uidNext()).isEqualTo(box.uidNext()).isEqualTo(4);
        assertThat(selection.highestModseq()).isEqualTo(box.highestModseq());
        assertThat(selection.messages()).usingRecursiveFieldByFieldElementComparator()
                .containsExactlyElementsOf(fetch(a.accountId(), "INBOX", null, null));
        assertThat(selection.messages().get(1).flags()).containsExactly("\\Flagged");
        assertThat(selection.messages()).allSatisfy(m -> assertThat(m.envelope()).isNull());
        service().get(ApiPaths.MAILBOX_SELECTION, a.accountId(), "Nope").then().statusCode(404);
        TenantWithAccount other = tenantWithAccount();
        assertThat(read(service().get(ApiPaths.MAILBOX_SELECTION, other.accountId(), "INBOX").then().statusCode(200),
                MailboxSelection.class).messages()).isEmpty();
    }

    @Test
    void storeFlagsAddRemoveReplaceWithModseqAndUnseenCounts() {
        TenantWithAccount a = tenantWithAccount();
        for (int i = 0; i < 3; i++) {
            deliverRaw(a, mail("Subject: f" + i + "\n\nx\n"));
        }
        long modseqBefore = box(a.accountId(), "INBOX").highestModseq();
        StoreFlagsResult added = store(a.accountId(), "1:2", "ADD", List.of("\\Seen", "$Important"), null);
        assertThat(added.updated()).extracting(StoreFlagsResult.FlagUpdate::uid).containsExactly(1L, 2L);
        assertThat(added.updated().get(0).flags()).containsExactly("\\Seen", "$Important");
        assertThat(added.updated().get(0).modseq()).isGreaterThan(modseqBefore);
        assertThat(added.updated().get(1).modseq()).isGreaterThan(added.updated().get(0).modseq());
        assertThat(added.highestModseq()).isEqualTo(added.updated().get(1).modseq());
        MailboxDto inbox = box(a.accountId(), "INBOX");
        assertThat(inbox.unseen()).isEqualTo(1);
        assertThat(inbox.highestModseq()).isEqualTo(added.highestModseq());
        // no change, no new MODSEQ
        StoreFlagsResult again = store(a.accountId(), "1", "ADD", List.of("\\seen"), null);
        assertThat(again.updated()).isEmpty();
        assertThat(again.highestModseq()).isEqualTo(added.highestModseq());
        StoreFlagsResult removed = store(a.accountId(), "1", "REMOVE", List.of("\\Seen"), null);
        assertThat(removed.updated().get(0).flags()).containsExactly("$Important");
        StoreFlagsResult replaced = store(a.accountId(), "1:*", "REPLACE", List.of("\\Flagged"), null);
        assertThat(replaced.updated()).hasSize(3);
        assertThat(fetch(a.accountId(), "INBOX", null, null)).allMatch(m -> m.flags().equals(List.of("\\Flagged")));
        assertThat(box(a.accountId(), "INBOX").unseen()).isEqualTo(3);
        // CONDSTORE: messages changed after UNCHANGEDSINCE are reported, not updated (RFC 7162 §3.1.3)
        long m1 = replaced.updated().get(0).modseq();
        StoreFlagsResult conditional = store(a.accountId(), "1:3", "ADD", List.of("\\Answered"), m1);
        assertThat(conditional.modified()).containsExactly(2L, 3L);
        assertThat(conditional.updated()).extracting(StoreFlagsResult.FlagUpdate::uid).containsExactly(1L);
        service().body(Map.of("uidSet", "1", "mode", "TOGGLE", "flags", List.of("\\Seen")))
                .post(ApiPaths.MAILBOX_FLAGS, a.accountId(), "INBOX").then().statusCode(400);
        service().body(Map.of("uidSet", "1", "mode", "ADD", "flags", List.of("bad flag")))
                .post(ApiPaths.MAILBOX_FLAGS, a.accountId(), "INBOX").then().statusCode(400);
        service().body(Map.of("mode", "ADD")).post(ApiPaths.MAILBOX_FLAGS, a.accountId(), "INBOX").then()
                .statusCode(400);
    }

    @Test
    void storeKeywordsCompareCaseInsensitivelyKeepTheirOrderAndAreCapped() {
        TenantWithAccount a = tenantWithAccount();
        deliverRaw(a, mail("Subject: k\n\nx\n"));
        store(a.accountId(), "1", "ADD", List.of("$Work", "\\Seen", "Later"), null);
        // already there in another case: kept as it was, only the new one is added, after the message's own
        StoreFlagsResult added = store(a.accountId(), "1", "ADD", List.of("$work", "$Done"), null);
        assertThat(added.updated().get(0).flags()).containsExactly("\\Seen", "$Work", "Later", "$Done");
        StoreFlagsResult unchanged = store(a.accountId(), "1", "ADD", List.of("LATER", "\\seen"), null);
        assertThat(unchanged.updated()).isEmpty();
        StoreFlagsResult removed = store(a.accountId(), "1", "REMOVE", List.of("later", "$nothing"), null);
        assertThat(removed.updated().get(0).flags()).containsExactly("\\Seen", "$Work", "$Done");
        StoreFlagsResult replaced = store(a.accountId(), "1", "REPLACE", List.of("$B", "$A"), null);
        assertThat(replaced.updated().get(0).flags()).containsExactly("$B", "$A");
        assertThat(box(a.accountId(), "INBOX").unseen()).isEqualTo(1);

        // a message may carry at most 100 keywords: the STORE that would pass that changes nothing
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 98; i++) {
            many.add("k" + i);
        }
        assertThat(store(a.accountId(), "1", "ADD", many, null).updated().get(0).flags()).hasSize(100);
        long highest = box(a.accountId(), "INBOX").highestModseq();
        service().body(Map.of("uidSet", "1", "mode", "ADD", "flags", List.of("\\Seen", "$Over")))
                .post(ApiPaths.MAILBOX_FLAGS, a.accountId(), "INBOX").then().statusCode(400);
        MessageDto message = fetch(a.accountId(), "INBOX", null, null).get(0);
        assertThat(message.flags()).hasSize(100).doesNotContain("\\Seen", "$Over");
        assertThat(box(a.accountId(), "INBOX").highestModseq()).isEqualTo(highest);
        assertThat(box(a.accountId(), "INBOX").unseen()).isEqualTo(1);
    }

    /**
     * A flag change rewrites only flags and MODSEQ, which no index of the messages table covers: PostgreSQL keeps the
     * new row version on its page without new index entries (a HOT update), the cheaper half of every STORE.
     */
    @Test
    void flagChangesTouchNoIndexOfTheMessagesTable() {
        String indexes = queryString("SELECT string_agg(pg_get_indexdef(indexrelid), '; ') FROM pg_index"
                + " WHERE indrelid = 'messages'::regclass");
        assertThat(indexes).isNotBlank();
        for (String changedByStore : List.of("modseq", "seen", "answered", "flagged", "draft", "keywords")) {
            assertThat(indexes).as("index columns and predicates of messages").doesNotContainPattern(
                    "\\b" + changedByStore + "\\b");
        }
        TenantWithAccount a = tenantWithAccount();
        deliverRaw(a, mail("Subject: hot\n\nx\n"));
        long hotBefore = hotUpdatesOfMessages();
        store(a.accountId(), "1", "ADD", List.of("\\Seen"), null);
        store(a.accountId(), "1", "ADD", List.of("\\Flagged", "$Later"), null);
        store(a.accountId(), "1", "REMOVE", List.of("\\Seen"), null);
        // the statistics reach the view when the service's backend flushes them, within seconds
        await().atMost(Duration.ofSeconds(30)).untilAsserted(
                () -> assertThat(hotUpdatesOfMessages()).isGreaterThanOrEqualTo(hotBefore + 3));
    }

    private static long hotUpdatesOfMessages() {
        return Long.parseLong(queryString("SELECT n_tup_hot_upd FROM pg_stat_user_tables WHERE relname = 'messages'"));
    }

    @Inject
    HistoryPruner pruner;

    @Test
    void oldExpungeHistoryAndDeliveryClaimsArePrunedAndChangesSayWhatIsMissing() {
        TenantWithAccount a = tenantWithAccount();
        for (int i = 0; i < 4; i++) {
            deliverRaw(a, mail("Subject: p" + i + "\n\nx\n"));
        }
        long beforeAll = box(a.accountId(), "INBOX").highestModseq();
        store(a.accountId(), "1:2", "ADD", List.of("\\Deleted"), null);
        service().body(Map.of()).post(ApiPaths.MAILBOX_EXPUNGE, a.accountId(), "INBOX").then().statusCode(200);
        long afterFirst = box(a.accountId(), "INBOX").highestModseq();
        store(a.accountId(), "3", "ADD", List.of("\\Deleted"), null);
        service().body(Map.of()).post(ApiPaths.MAILBOX_EXPUNGE, a.accountId(), "INBOX").then().statusCode(200);
        String inbox = queryString("SELECT id FROM mailboxes WHERE account_id = ? AND name = 'INBOX'",
                a.accountId());
        // the first expunge and the first delivery are older than the retention, the rest is recent
        sql("UPDATE expunged_messages SET expunged_at = now() - interval '40 days' WHERE mailbox_id = ?::uuid"
                + " AND uid IN (1, 2)", inbox);
        sql("UPDATE deliveries SET delivered_at = now() - interval '40 days' WHERE account_id = ? AND uid = 1",
                a.accountId());

        HistoryPruner.Pruned pruned = pruner.prune(Duration.ofDays(30));

        assertThat(pruned.tombstones()).isGreaterThanOrEqualTo(2);
        assertThat(pruned.deliveries()).isGreaterThanOrEqualTo(1);
        assertThat(queryString("SELECT string_agg(uid::text, ',' ORDER BY uid) FROM expunged_messages"
                + " WHERE mailbox_id = ?::uuid", inbox)).isEqualTo("3");
        assertThat(queryString("SELECT string_agg(uid::text, ',' ORDER BY uid) FROM deliveries WHERE account_id = ?",
                a.accountId())).isEqualTo("2,3,4");
        // from before the pruned expunge the list is incomplete, and the answer says so
        ChangesResult fromStart = changes(a.accountId(), beforeAll);
        assertThat(fromStart.expungesPruned()).isTrue();
        assertThat(fromStart.expunged()).containsExactly(3L);
        // from after it nothing is missing
        ChangesResult recent = changes(a.accountId(), afterFirst);
        assertThat(recent.expungesPruned()).isFalse();
        assertThat(recent.expunged()).containsExactly(3L);
        // a second run finds nothing left to prune for this account
        pruner.prune(Duration.ofDays(30));
        assertThat(queryString("SELECT count(*) FROM deliveries WHERE account_id = ?", a.accountId())).isEqualTo("3");
    }

    private static ChangesResult changes(UUID accountId, long sinceModseq) {
        return read(service().queryParam("sinceModseq", sinceModseq)
                .get(ApiPaths.MAILBOX_CHANGES, accountId, "INBOX").then().statusCode(200), ChangesResult.class);
    }

    @Test
    void copyAndMoveAssignDestinationUidsInSourceOrder() {
        TenantWithAccount a = tenantWithAccount();
        for (int i = 0; i < 4; i++) {
            deliverRaw(a, mail("Subject: c" + i + "\n\nx" + i + "\n"));
        }
        store(a.accountId(), "2", "ADD", List.of("\\Seen"), null);
        CopyMessagesResult copied = read(service().body(Map.of("uidSet", "4,2", "targetMailbox", "Archive"))
                .post(ApiPaths.MAILBOX_COPY, a.accountId(), "INBOX").then().statusCode(200),
                CopyMessagesResult.class);
        assertThat(copied.sourceUids()).containsExactly(2L, 4L);
        assertThat(copied.destinationUids()).containsExactly(1L, 2L);
        assertThat(copied.targetUidValidity()).isEqualTo(box(a.accountId(), "Archive").uidValidity());
        MailboxDto archive = box(a.accountId(), "Archive");
        assertThat(archive.messages()).isEqualTo(2);
        assertThat(archive.unseen()).isEqualTo(1);
        assertThat(fetch(a.accountId(), "Archive", "1", null).get(0).flags()).containsExactly("\\Seen");
        assertThat(box(a.accountId(), "INBOX").messages()).isEqualTo(4);

        CopyMessagesResult moved = read(service().body(Map.of("uidSet", "1:3", "targetMailbox", "Archive"))
                .post(ApiPaths.MAILBOX_MOVE, a.accountId(), "INBOX").then().statusCode(200),
                CopyMessagesResult.class);
        assertThat(moved.sourceUids()).containsExactly(1L, 2L, 3L);
        assertThat(moved.destinationUids()).containsExactly(3L, 4L, 5L);
        MailboxDto inbox = box(a.accountId(), "INBOX");
        assertThat(inbox.messages()).isEqualTo(1);
        assertThat(fetch(a.accountId(), "INBOX", null, null)).extracting(MessageDto::uid).containsExactly(4L);
        assertThat(box(a.accountId(), "Archive").messages()).isEqualTo(5);
        service().body(Map.of("uidSet", "4", "targetMailbox", "Nowhere")).post(ApiPaths.MAILBOX_COPY,
                a.accountId(), "INBOX").then().statusCode(404);
        CopyMessagesResult none = read(service().body(Map.of("uidSet", "99", "targetMailbox", "Archive"))
                .post(ApiPaths.MAILBOX_COPY, a.accountId(), "INBOX").then().statusCode(200),
                CopyMessagesResult.class);
        assertThat(none.sourceUids()).isEmpty();
    }

    @Test
    void expungeRemovesOnlyDeletedMessagesAndChangesReportsThem() {
        TenantWithAccount a = tenantWithAccount();
        for (int i = 0; i < 4; i++) {
            deliverRaw(a, mail("Subject: e" + i + "\n\nx\n"));
        }
        long since = box(a.accountId(), "INBOX").highestModseq();
        store(a.accountId(), "1:3", "ADD", List.of("\\Deleted"), null);
        // UID EXPUNGE: only \Deleted messages of the set (RFC 4315 §2.1)
        DeleteMessagesResult partial = read(service().body(Map.of("uidSet", "1,4"))
                .post(ApiPaths.MAILBOX_EXPUNGE, a.accountId(), "INBOX").then().statusCode(200),
                DeleteMessagesResult.class);
        assertThat(partial.deleted()).containsExactly(1L);
        DeleteMessagesResult rest = read(service().body(Map.of())
                .post(ApiPaths.MAILBOX_EXPUNGE, a.accountId(), "INBOX").then().statusCode(200),
                DeleteMessagesResult.class);
        assertThat(rest.deleted()).containsExactly(2L, 3L);
        MailboxDto inbox = box(a.accountId(), "INBOX");
        assertThat(inbox.messages()).isEqualTo(1);
        assertThat(inbox.highestModseq()).isEqualTo(rest.highestModseq());
        ChangesResult changes = changes(a.accountId(), since);
        assertThat(changes.expunged()).containsExactly(1L, 2L, 3L);
        assertThat(changes.changed()).isEmpty(); // message 4 was not touched after `since`
        assertThat(changes.highestModseq()).isEqualTo(inbox.highestModseq());
        ChangesResult all = changes(a.accountId(), 0);
        assertThat(all.changed()).extracting(MessageDto::uid).containsExactly(4L);
        service().queryParam("sinceModseq", "x").get(ApiPaths.MAILBOX_CHANGES, a.accountId(), "INBOX").then()
                .statusCode(400);
    }

    @Test
    void aSmallAppendSendsItsBodyAlongAndItMustBeTheStoredOne() {
        TenantWithAccount a = tenantWithAccount();
        byte[] body = mail("Subject: sent along\nMessage-ID: <inline@x.example>\n\nhello\n");
        // parsed from the request, not read back from S3: the object is deliberately not there
        String key = BlobKeys.messageKeyOf(body);
        AppendResult appended = read(service().body(new AppendRequest(key, body.length, List.of(), null, body))
                .post(ApiPaths.MAILBOX_MESSAGES, a.accountId(), "INBOX").then().statusCode(201), AppendResult.class);
        MessageDto m = fetch(a.accountId(), "INBOX", String.valueOf(appended.uid()), "envelope").get(0);
        assertThat(m.envelope().subject()).isEqualTo("sent along");
        assertThat(m.size()).isEqualTo(body.length);
        // bytes that are not what the key names, or a size that does not match, are refused
        byte[] other = mail("Subject: other\n\nx\n");
        service().body(new AppendRequest(putBlob(body), body.length, List.of(), null, other))
                .post(ApiPaths.MAILBOX_MESSAGES, a.accountId(), "INBOX").then().statusCode(400);
        service().body(new AppendRequest(key, body.length + 1, List.of(), null, body))
                .post(ApiPaths.MAILBOX_MESSAGES, a.accountId(), "INBOX").then().statusCode(400);
        assertThat(fetch(a.accountId(), "INBOX", null, null)).hasSize(1);
        // the same bytes again, now a blob the tenant has: one row, two references, the same thread
        AppendResult again = read(service().body(new AppendRequest(key, body.length, List.of(), null, body))
                .post(ApiPaths.MAILBOX_MESSAGES, a.accountId(), "INBOX").then().statusCode(201), AppendResult.class);
        assertThat(again.message().threadId()).isEqualTo(appended.message().threadId());
        assertThat(queryString("SELECT string_agg(refcount::text, ',') FROM blobs WHERE tenant_id = ? AND blob_key = ?",
                a.tenantId(), key)).isEqualTo("2");
        // an account that does not exist has no mailbox to append to, whatever came along
        service().body(new AppendRequest(key, body.length, List.of(), null, body))
                .post(ApiPaths.MAILBOX_MESSAGES, UUID.randomUUID(), "INBOX").then().statusCode(404);
        assertThat(queryString("SELECT string_agg(refcount::text, ',') FROM blobs WHERE blob_key = ?", key))
                .isEqualTo("2");
    }

    @Test
    void appendParsesTheBlobAndEnforcesQuota() {
        TenantWithAccount a = tenantWithAccount();
        String key = putBlob(MULTIPART);
        Instant internal = Instant.parse("2026-03-01T12:00:00Z");
        AppendResult appended = read(service().body(Map.of("blobKey", key, "size", MULTIPART.length, "flags",
                List.of("\\Seen", "\\Draft"), "internalDate", internal.toString()))
                .post(ApiPaths.MAILBOX_MESSAGES, a.accountId(), "Drafts").then().statusCode(201), AppendResult.class);
        MailboxDto drafts = box(a.accountId(), "Drafts");
        assertThat(appended.uid()).isEqualTo(1);
        assertThat(appended.uidValidity()).isEqualTo(drafts.uidValidity());
        assertThat(drafts.unseen()).isZero();
        assertThat(drafts.sizeBytes()).isEqualTo(MULTIPART.length);
        MessageDto m = fetch(a.accountId(), "Drafts", "1", "envelope").get(0);
        assertThat(m.flags()).containsExactly("\\Seen", "\\Draft");
        assertThat(m.internalDate()).isEqualTo(internal);
        assertThat(m.envelope().subject()).isEqualTo("Réunion");
        // the result carries the message as a listing shows it, so a gateway can show it without asking again
        assertThat(appended.message()).usingRecursiveComparison().isEqualTo(fetch(a.accountId(), "Drafts", "1",
                null).get(0));
        AppendResult now = read(service().body(Map.of("blobKey", key, "size", MULTIPART.length))
                .post(ApiPaths.MAILBOX_MESSAGES, a.accountId(), "Drafts").then().statusCode(201), AppendResult.class);
        assertThat(now.message()).usingRecursiveComparison().isEqualTo(fetch(a.accountId(), "Drafts", "2", null)
                .get(0));
        assertThat(now.message().flags()).isEmpty();
        service().body(Map.of("uids", List.of(2))).post(ApiPaths.MAILBOX_DELETE_MESSAGES, a.accountId(), "Drafts")
                .then().statusCode(200);

        QuotaDto quota = read(service().get(ApiPaths.ACCOUNT_QUOTA, a.accountId()).then().statusCode(200),
                QuotaDto.class);
        assertThat(quota.usedBytes()).isEqualTo(MULTIPART.length);
        assertThat(quota.usedMessages()).isEqualTo(1);
        assertThat(quota.limitBytes()).isEqualTo(-1);

        Fixtures.admin().body(Map.of("usedBytes", 0, "limitBytes", MULTIPART.length + 10, "usedMessages", 0,
                "limitMessages", -1)).put(ApiPaths.TENANT_ACCOUNT_QUOTA, a.tenantId(), a.accountId()).then()
                .statusCode(200);
        service().body(Map.of("blobKey", key, "size", MULTIPART.length)).post(ApiPaths.MAILBOX_MESSAGES,
                a.accountId(), "INBOX").then().statusCode(413);
        service().body(Map.of("blobKey", "messages/none", "size", 10)).post(ApiPaths.MAILBOX_MESSAGES,
                a.accountId(), "INBOX").then().statusCode(422);
        service().body(Map.of("size", 10)).post(ApiPaths.MAILBOX_MESSAGES, a.accountId(), "INBOX").then()
                .statusCode(400);
        service().body(Map.of("blobKey", key, "size", 1L << 40)).post(ApiPaths.MAILBOX_MESSAGES, a.accountId(),
                "INBOX").then().statusCode(413);
        service().body(Map.of("blobKey", key, "size", 1)).post(ApiPaths.MAILBOX_MESSAGES, a.accountId(),
                "Nope").then().statusCode(404);
    }

    @Test
    void pop3LeaseIsExclusiveUntilReleasedOrExpired() throws InterruptedException {
        TenantWithAccount a = tenantWithAccount();
        LeaseDto lease = read(service().body(Map.of("holder", "s1", "ttlSeconds", 60))
                .post(ApiPaths.ACCOUNT_POP3_LEASE, a.accountId()).then().statusCode(200), LeaseDto.class);
        assertThat(lease.holder()).isEqualTo("s1");
        assertThat(lease.expiresAt()).isAfter(Instant.now().plusSeconds(30));
        service().body(Map.of("holder", "s2", "ttlSeconds", 60)).post(ApiPaths.ACCOUNT_POP3_LEASE, a.accountId())
                .then().statusCode(409);
        service().body(Map.of("holder", "s1", "ttlSeconds", 120)).post(ApiPaths.ACCOUNT_POP3_LEASE, a.accountId())
                .then().statusCode(200);
        service().queryParam("holder", "s2").delete(ApiPaths.ACCOUNT_POP3_LEASE, a.accountId()).then()
                .statusCode(204);
        service().body(Map.of("holder", "s2", "ttlSeconds", 60)).post(ApiPaths.ACCOUNT_POP3_LEASE, a.accountId())
                .then().statusCode(409);
        service().queryParam("holder", "s1").delete(ApiPaths.ACCOUNT_POP3_LEASE, a.accountId()).then()
                .statusCode(204);
        service().body(Map.of("holder", "s2", "ttlSeconds", 1)).post(ApiPaths.ACCOUNT_POP3_LEASE, a.accountId())
                .then().statusCode(200);
        Thread.sleep(1_200);
        service().body(Map.of("holder", "s3", "ttlSeconds", 60)).post(ApiPaths.ACCOUNT_POP3_LEASE, a.accountId())
                .then().statusCode(200);
        service().body(Map.of("holder", "s3", "ttlSeconds", 0)).post(ApiPaths.ACCOUNT_POP3_LEASE, a.accountId())
                .then().statusCode(400);
        service().body(Map.of("holder", "s3", "ttlSeconds", 5)).post(ApiPaths.ACCOUNT_POP3_LEASE, UUID.randomUUID())
                .then().statusCode(404);
        service().get(ApiPaths.ACCOUNT_QUOTA, UUID.randomUUID()).then().statusCode(404);
    }

    @Test
    void anotherAccountsMessagesAreUnreachable() {
        TenantWithAccount a = tenantWithAccount();
        TenantWithAccount b = tenantWithAccount();
        deliverRaw(a, mail("Subject: private\n\nsecret\n"));
        assertThat(fetch(b.accountId(), "INBOX", "1:*", null)).isEmpty();
        StoreFlagsResult none = store(b.accountId(), "1:*", "ADD", List.of("\\Deleted"), null);
        assertThat(none.updated()).isEmpty();
        service().body(Map.of("uidSet", "1", "targetMailbox", "INBOX")).post(ApiPaths.MAILBOX_COPY, b.accountId(),
                "INBOX").then().statusCode(200);
        assertThat(fetch(b.accountId(), "INBOX", null, null)).isEmpty();
        assertThat(fetch(a.accountId(), "INBOX", null, null)).hasSize(1);
        assertThat(fetch(a.accountId(), "INBOX", null, null).get(0).flags()).isEmpty();
    }
}
