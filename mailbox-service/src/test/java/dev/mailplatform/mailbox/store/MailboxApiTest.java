package dev.mailplatform.mailbox.store;

import static dev.mailplatform.mailbox.Fixtures.deliverRaw;
import static dev.mailplatform.mailbox.Fixtures.mail;
import static dev.mailplatform.mailbox.Fixtures.read;
import static dev.mailplatform.mailbox.Fixtures.readList;
import static dev.mailplatform.mailbox.Fixtures.service;
import static dev.mailplatform.mailbox.Fixtures.tenantWithAccount;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.mailplatform.contracts.api.ApiPaths;
import dev.mailplatform.contracts.api.MailboxDto;
import dev.mailplatform.contracts.api.MessageDto;
import dev.mailplatform.mailbox.Fixtures;
import dev.mailplatform.mailbox.Fixtures.TenantWithAccount;
import dev.mailplatform.testkit.InfrastructureTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The mailbox hierarchy API: LIST patterns, CREATE, DELETE, RENAME, SUBSCRIBE, special-use mailboxes. */
@QuarkusTest
@QuarkusTestResource(value = InfrastructureTestResource.class, restrictToAnnotatedClass = false)
class MailboxApiTest {

    private static List<MailboxDto> list(UUID accountId, String pattern, boolean subscribed) {
        var request = service().queryParam("subscribed", subscribed);
        if (pattern != null) {
            request = request.queryParam("pattern", pattern);
        }
        return readList(request.get(ApiPaths.MAILBOXES, accountId).then().statusCode(200), MailboxDto[].class);
    }

    private static MailboxDto create(UUID accountId, String name) {
        return read(service().body(Map.of("name", name)).post(ApiPaths.MAILBOXES, accountId).then().statusCode(201),
                MailboxDto.class);
    }

    private static MailboxDto get(UUID accountId, String name) {
        return read(service().get(ApiPaths.MAILBOX, accountId, name).then().statusCode(200), MailboxDto.class);
    }

    @Test
    void newAccountHasInboxAndSpecialUseMailboxes() {
        TenantWithAccount a = tenantWithAccount();
        List<MailboxDto> all = list(a.accountId(), "*", false);
        assertThat(all).extracting(MailboxDto::name)
                .containsExactly("INBOX", "Archive", "Drafts", "Junk", "Sent", "Trash");
        assertThat(all).filteredOn(m -> m.name().equals("Sent")).singleElement()
                .extracting(MailboxDto::specialUse).isEqualTo(List.of("\\Sent"));
        assertThat(all).filteredOn(m -> m.name().equals("INBOX")).singleElement()
                .extracting(MailboxDto::specialUse).isEqualTo(List.of());
        assertThat(all).allMatch(MailboxDto::subscribed);
        assertThat(all).noneMatch(MailboxDto::hasChildren);
    }

    @Test
    void createImpliesParentsAndListPatternsMatchLikeImap() {
        TenantWithAccount a = tenantWithAccount();
        MailboxDto created = create(a.accountId(), "Projects/2026/Q1");
        assertThat(created.name()).isEqualTo("Projects/2026/Q1");
        assertThat(created.messages()).isZero();
        assertThat(created.uidNext()).isEqualTo(1);
        assertThat(created.uidValidity()).isPositive();
        create(a.accountId(), "Projects/Other/");
        assertThat(list(a.accountId(), "Projects/%", false)).extracting(MailboxDto::name)
                .containsExactly("Projects/2026", "Projects/Other");
        assertThat(list(a.accountId(), "Projects/*", false)).extracting(MailboxDto::name)
                .containsExactly("Projects/2026", "Projects/2026/Q1", "Projects/Other");
        assertThat(list(a.accountId(), "%", false)).extracting(MailboxDto::name)
                .containsExactly("INBOX", "Archive", "Drafts", "Junk", "Projects", "Sent", "Trash");
        assertThat(list(a.accountId(), "inbox", false)).extracting(MailboxDto::name).containsExactly("INBOX");
        assertThat(list(a.accountId(), "P*1", false)).extracting(MailboxDto::name)
                .containsExactly("Projects/2026/Q1");
        MailboxDto parent = get(a.accountId(), "Projects");
        assertThat(parent.hasChildren()).isTrue();
        // RFC 9051 §6.3.4: CREATE does not subscribe
        assertThat(list(a.accountId(), "Projects*", true)).isEmpty();
    }

    @Test
    void createErrors() {
        TenantWithAccount a = tenantWithAccount();
        create(a.accountId(), "Work");
        service().body(Map.of("name", "Work")).post(ApiPaths.MAILBOXES, a.accountId()).then().statusCode(409)
                .body("status", equalTo(409));
        service().body(Map.of("name", "inbox")).post(ApiPaths.MAILBOXES, a.accountId()).then().statusCode(409);
        for (String bad : List.of("", "a//b", "/lead", "with*star", "pct%", "ctl\u0001")) {
            service().body(Map.of("name", bad)).post(ApiPaths.MAILBOXES, a.accountId()).then().statusCode(400);
        }
        service().body(Map.of("name", "Stuff", "specialUse", "\\Bogus")).post(ApiPaths.MAILBOXES, a.accountId())
                .then().statusCode(400);
        MailboxDto archive2 = read(service().body(Map.of("name", "Old", "specialUse", "\\archive"))
                .post(ApiPaths.MAILBOXES, a.accountId()).then().statusCode(201), MailboxDto.class);
        assertThat(archive2.specialUse()).containsExactly("\\Archive");
        service().body(Map.of("name", "x")).post(ApiPaths.MAILBOXES, UUID.randomUUID()).then().statusCode(404);
        service().body("{").post(ApiPaths.MAILBOXES, a.accountId()).then().statusCode(400);
    }

    @Test
    void namesWithTheDelimiterWorkInPaths() {
        TenantWithAccount a = tenantWithAccount();
        create(a.accountId(), "Deep/Er");
        // the gateways' client encodes '/' in the path segment as %2F
        service().urlEncodingEnabled(false).get(ApiPaths.MAILBOX.replace("{accountId}", a.accountId().toString())
                .replace("{mailbox}", "Deep%2FEr")).then().statusCode(200).body("name", equalTo("Deep/Er"));
        service().urlEncodingEnabled(false).get(ApiPaths.MAILBOX_MESSAGES.replace("{accountId}",
                a.accountId().toString()).replace("{mailbox}", "Deep%2FEr")).then().statusCode(200);
    }

    @Test
    void deleteRemovesMessagesButNeverInbox() {
        TenantWithAccount a = tenantWithAccount();
        service().delete(ApiPaths.MAILBOX, a.accountId(), "INBOX").then().statusCode(400);
        service().delete(ApiPaths.MAILBOX, a.accountId(), "inbox").then().statusCode(400);
        deliverRaw(a, mail("Subject: one\n\nbody\n"));
        service().body(Map.of("uidSet", "1", "targetMailbox", "Trash")).post(ApiPaths.MAILBOX_COPY, a.accountId(),
                "INBOX").then().statusCode(200);
        assertThat(get(a.accountId(), "Trash").messages()).isEqualTo(1);
        service().delete(ApiPaths.MAILBOX, a.accountId(), "Trash").then().statusCode(204);
        service().get(ApiPaths.MAILBOX, a.accountId(), "Trash").then().statusCode(404);
        service().delete(ApiPaths.MAILBOX, a.accountId(), "Trash").then().statusCode(404);
        // re-created: a new UIDVALIDITY and no old messages (RFC 9051 §2.3.1.1)
        MailboxDto again = create(a.accountId(), "Trash");
        assertThat(again.messages()).isZero();
        assertThat(readList(service().get(ApiPaths.MAILBOX_MESSAGES, a.accountId(), "Trash").then().statusCode(200),
                MessageDto[].class)).isEmpty();
        assertThat(get(a.accountId(), "INBOX").messages()).isEqualTo(1);
    }

    @Test
    void renameMovesChildren() {
        TenantWithAccount a = tenantWithAccount();
        create(a.accountId(), "A/B/C");
        MailboxDto before = get(a.accountId(), "A/B");
        MailboxDto renamed = read(service().body(Map.of("newName", "X/Y")).post(ApiPaths.MAILBOX_RENAME,
                a.accountId(), "A/B").then().statusCode(200), MailboxDto.class);
        assertThat(renamed.name()).isEqualTo("X/Y");
        assertThat(renamed.uidValidity()).isEqualTo(before.uidValidity());
        assertThat(renamed.hasChildren()).isTrue();
        assertThat(list(a.accountId(), "*", false)).extracting(MailboxDto::name)
                .contains("A", "X", "X/Y", "X/Y/C").doesNotContain("A/B", "A/B/C");
        service().body(Map.of("newName", "X/Y")).post(ApiPaths.MAILBOX_RENAME, a.accountId(), "A").then()
                .statusCode(409);
        service().body(Map.of("newName", "X/Y/C/D")).post(ApiPaths.MAILBOX_RENAME, a.accountId(), "X").then()
                .statusCode(400);
        service().body(Map.of("newName", "Z")).post(ApiPaths.MAILBOX_RENAME, a.accountId(), "Nope").then()
                .statusCode(404);
        service().body(Map.of()).post(ApiPaths.MAILBOX_RENAME, a.accountId(), "X").then().statusCode(400);
    }

    @Test
    void renamingInboxMovesItsMessagesAndLeavesItEmpty() {
        TenantWithAccount a = tenantWithAccount();
        deliverRaw(a, mail("Subject: first\n\n1\n"));
        deliverRaw(a, mail("Subject: second\n\n2\n"));
        MailboxDto inboxBefore = get(a.accountId(), "INBOX");
        MailboxDto old = read(service().body(Map.of("newName", "Old Inbox")).post(ApiPaths.MAILBOX_RENAME,
                a.accountId(), "INBOX").then().statusCode(200), MailboxDto.class);
        assertThat(old.messages()).isEqualTo(2);
        assertThat(old.unseen()).isEqualTo(2);
        assertThat(old.sizeBytes()).isEqualTo(inboxBefore.sizeBytes());
        MailboxDto inbox = get(a.accountId(), "INBOX");
        assertThat(inbox.messages()).isZero();
        assertThat(inbox.sizeBytes()).isZero();
        assertThat(inbox.uidNext()).isEqualTo(inboxBefore.uidNext());
        assertThat(readList(service().get(ApiPaths.MAILBOX_MESSAGES, a.accountId(), "Old Inbox").then()
                .statusCode(200), MessageDto[].class)).extracting(MessageDto::uid).containsExactly(1L, 2L);
    }

    @Test
    void subscriptions() {
        TenantWithAccount a = tenantWithAccount();
        create(a.accountId(), "News");
        service().put(ApiPaths.MAILBOX_SUBSCRIPTION, a.accountId(), "News").then().statusCode(204);
        assertThat(list(a.accountId(), "News", true)).hasSize(1);
        service().delete(ApiPaths.MAILBOX_SUBSCRIPTION, a.accountId(), "News").then().statusCode(204);
        assertThat(list(a.accountId(), "News", true)).isEmpty();
        assertThat(list(a.accountId(), "News", false)).hasSize(1);
        service().put(ApiPaths.MAILBOX_SUBSCRIPTION, a.accountId(), "Nope").then().statusCode(404);
        service().queryParam("subscribed", "maybe").get(ApiPaths.MAILBOXES, a.accountId()).then().statusCode(400);
    }

    @Test
    void anotherAccountsMailboxesAreInvisible() {
        TenantWithAccount a = tenantWithAccount();
        TenantWithAccount b = tenantWithAccount();
        create(a.accountId(), "Secret");
        service().get(ApiPaths.MAILBOX, b.accountId(), "Secret").then().statusCode(404);
        assertThat(list(b.accountId(), "*", false)).extracting(MailboxDto::name).doesNotContain("Secret");
        service().delete(ApiPaths.MAILBOX, b.accountId(), "Secret").then().statusCode(404);
        assertThat(get(a.accountId(), "Secret").name()).isEqualTo("Secret");
        Fixtures.unique("x");
    }
}
