package dev.mailplatform.mailbox.blob;

import static dev.mailplatform.mailbox.Fixtures.blobs;
import static dev.mailplatform.mailbox.Fixtures.deliverRaw;
import static dev.mailplatform.mailbox.Fixtures.mail;
import static dev.mailplatform.mailbox.Fixtures.queryString;
import static dev.mailplatform.mailbox.Fixtures.service;
import static dev.mailplatform.mailbox.Fixtures.sql;
import static dev.mailplatform.mailbox.Fixtures.tenantWithAccount;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mailplatform.contracts.api.ApiPaths;
import dev.mailplatform.contracts.api.MessageDto;
import dev.mailplatform.mailbox.Fixtures.TenantWithAccount;
import dev.mailplatform.testkit.InfrastructureTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Reference counting per tenant and the collector's safety rules. */
@QuarkusTest
@QuarkusTestResource(value = InfrastructureTestResource.class, restrictToAnnotatedClass = false)
class BlobCollectorTest {
    private static final java.time.Duration GRACE = java.time.Duration.ofSeconds(1);

    @Inject
    BlobCollector collector;

    private static String refcount(UUID tenant, String key) {
        return queryString("SELECT refcount FROM blobs WHERE tenant_id = ? AND blob_key = ?", tenant, key);
    }

    /** Moves the zero time back past the grace period, as if an hour had passed. */
    private static void age(String key) {
        sql("UPDATE blobs SET zero_since = now() - interval '2 hours' WHERE blob_key = ? AND refcount = 0", key);
    }

    @Test
    void unreferencedBlobIsDeletedAfterTheGracePeriodOnly() throws InterruptedException {
        TenantWithAccount a = tenantWithAccount();
        byte[] raw = mail("Subject: collect me " + UUID.randomUUID() + "\n\nx\n");
        MessageDto m = deliverRaw(a, raw);
        service().body(Map.of("uidSet", "1", "targetMailbox", "Archive")).post(ApiPaths.MAILBOX_COPY, a.accountId(),
                "INBOX").then().statusCode(200);
        assertThat(refcount(a.tenantId(), m.blobKey())).isEqualTo("2");
        service().body(Map.of("uids", List.of(1))).post(ApiPaths.MAILBOX_DELETE_MESSAGES, a.accountId(), "INBOX")
                .then().statusCode(200);
        assertThat(refcount(a.tenantId(), m.blobKey())).isEqualTo("1");
        service().delete(ApiPaths.MAILBOX, a.accountId(), "Archive").then().statusCode(204);
        assertThat(refcount(a.tenantId(), m.blobKey())).isEqualTo("0");

        collector.collect();
        assertThat(blobs().exists(m.blobKey())).as("still within the grace period").isTrue();
        // the object was written before its count reached 0, so it is not a fresh upload: it goes
        Thread.sleep(1_100);
        collector.collect(GRACE);
        assertThat(blobs().exists(m.blobKey())).isFalse();
        assertThat(refcount(a.tenantId(), m.blobKey())).isNull();
    }

    @Test
    void blobSharedWithAnotherTenantIsKept() throws InterruptedException {
        TenantWithAccount a = tenantWithAccount();
        TenantWithAccount b = tenantWithAccount();
        byte[] raw = mail("Subject: shared " + UUID.randomUUID() + "\n\nsame bytes\n");
        MessageDto inA = deliverRaw(a, raw);
        MessageDto inB = deliverRaw(b, raw);
        assertThat(inA.blobKey()).isEqualTo(inB.blobKey());
        // each tenant has its own row and count: nothing about B is visible through A
        assertThat(refcount(a.tenantId(), inA.blobKey())).isEqualTo("1");
        assertThat(refcount(b.tenantId(), inB.blobKey())).isEqualTo("1");
        service().body(Map.of("uids", List.of(inA.uid()))).post(ApiPaths.MAILBOX_DELETE_MESSAGES, a.accountId(),
                "INBOX").then().statusCode(200);
        Thread.sleep(1_100);
        collector.collect(GRACE);
        assertThat(refcount(a.tenantId(), inA.blobKey())).isNull();
        assertThat(blobs().exists(inA.blobKey())).as("B still references the object").isTrue();
        assertThat(blobs().getBytes(inB.blobKey())).isEqualTo(raw);
    }

    @Test
    void blobReferencedAgainBeforeCollectionIsKept() {
        TenantWithAccount a = tenantWithAccount();
        byte[] raw = mail("Subject: back " + UUID.randomUUID() + "\n\nx\n");
        MessageDto first = deliverRaw(a, raw);
        service().body(Map.of("uids", List.of(first.uid()))).post(ApiPaths.MAILBOX_DELETE_MESSAGES, a.accountId(),
                "INBOX").then().statusCode(200);
        age(first.blobKey());
        // the same content arrives again before the collector runs: the row is revived, not collected
        MessageDto again = deliverRaw(a, raw);
        assertThat(refcount(a.tenantId(), again.blobKey())).isEqualTo("1");
        collector.collect();
        assertThat(blobs().exists(again.blobKey())).isTrue();
        assertThat(refcount(a.tenantId(), again.blobKey())).isEqualTo("1");
    }

    @Test
    void reuploadedAfterItsCountReachedZeroIsKept() throws Exception {
        TenantWithAccount a = tenantWithAccount();
        byte[] raw = mail("Subject: reupload " + UUID.randomUUID() + "\n\nx\n");
        MessageDto m = deliverRaw(a, raw);
        service().body(Map.of("uids", List.of(m.uid()))).post(ApiPaths.MAILBOX_DELETE_MESSAGES, a.accountId(),
                "INBOX").then().statusCode(200);
        Thread.sleep(1_100); // S3 last-modified has second resolution
        // a gateway stored the same bytes again for a delivery still on its way
        blobs().put(m.blobKey(), raw);
        collector.collect(GRACE);
        assertThat(refcount(a.tenantId(), m.blobKey())).isNull();
        assertThat(blobs().exists(m.blobKey())).isTrue();
    }
}
