package dev.mailplatform.mailbox.store;

import static dev.mailplatform.mailbox.Fixtures.mail;
import static dev.mailplatform.mailbox.Fixtures.putBlob;
import static dev.mailplatform.mailbox.Fixtures.service;
import static dev.mailplatform.mailbox.Fixtures.tenantWithAccount;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import dev.mailplatform.contracts.Topics;
import dev.mailplatform.contracts.api.ApiPaths;
import dev.mailplatform.contracts.events.MailboxChanged;
import dev.mailplatform.contracts.events.MailboxChanged.Kind;
import dev.mailplatform.mailbox.EventWatcher;
import dev.mailplatform.mailbox.Fixtures.TenantWithAccount;
import dev.mailplatform.testkit.InfrastructureTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every committed change of the gateway API is announced on mailbox-changed, keyed by account, with UID and MODSEQ. */
@QuarkusTest
@QuarkusTestResource(value = InfrastructureTestResource.class, restrictToAnnotatedClass = false)
class ChangeEventsTest {

    @Test
    void apiChangesArePublishedInOrder() {
        TenantWithAccount a = tenantWithAccount();
        try (EventWatcher<MailboxChanged> events = new EventWatcher<>(Topics.MAILBOX_CHANGED, MailboxChanged.class)) {
            service().body(Map.of("name", "Lists")).post(ApiPaths.MAILBOXES, a.accountId()).then().statusCode(201);
            service().body(Map.of("blobKey", putBlob(mail("Subject: e\n\nx\n")), "size", 10))
                    .post(ApiPaths.MAILBOX_MESSAGES, a.accountId(), "Lists").then().statusCode(201);
            service().body(Map.of("uidSet", "1", "mode", "ADD", "flags", List.of("\\Deleted")))
                    .post(ApiPaths.MAILBOX_FLAGS, a.accountId(), "Lists").then().statusCode(200);
            service().body(Map.of()).post(ApiPaths.MAILBOX_EXPUNGE, a.accountId(), "Lists").then().statusCode(200);
            service().body(Map.of("newName", "Lists2")).post(ApiPaths.MAILBOX_RENAME, a.accountId(), "Lists").then()
                    .statusCode(200);
            service().delete(ApiPaths.MAILBOX, a.accountId(), "Lists2").then().statusCode(204);
            List<MailboxChanged> seen = events.awaitEvents(e -> e.accountId().equals(a.accountId()), 6);
            assertThat(seen).extracting(MailboxChanged::kind).containsExactly(Kind.MAILBOX_CREATED,
                    Kind.MESSAGE_ADDED, Kind.FLAGS_CHANGED, Kind.MESSAGE_EXPUNGED, Kind.MAILBOX_RENAMED,
                    Kind.MAILBOX_DELETED);
            assertThat(seen.get(1).uid()).isEqualTo(1);
            assertThat(seen.get(2).modseq()).isGreaterThan(seen.get(1).modseq());
            assertThat(seen.get(3).modseq()).isGreaterThan(seen.get(2).modseq());
            assertThat(seen.get(3).uid()).isEqualTo(1);
            assertThat(seen.get(4).mailboxName()).isEqualTo("Lists2");
            assertThat(seen).allMatch(e -> e.tenantId().equals(a.tenantId()));
        }
    }

    @Test
    void openApiDocumentIsServed() {
        given().get("/q/openapi").then().statusCode(200)
                .body(containsString("/api/v1/accounts/{accountId}/mailboxes/{mailbox}/messages/flags"));
    }
}
