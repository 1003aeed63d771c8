package dev.mailplatform.mailbox.store;

import static dev.mailplatform.mailbox.Fixtures.mail;
import static dev.mailplatform.mailbox.Fixtures.messages;
import static dev.mailplatform.mailbox.Fixtures.publish;
import static dev.mailplatform.mailbox.Fixtures.putBlob;
import static dev.mailplatform.mailbox.Fixtures.read;
import static dev.mailplatform.mailbox.Fixtures.service;
import static dev.mailplatform.mailbox.Fixtures.tenantWithAccount;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mailplatform.contracts.Topics;
import dev.mailplatform.contracts.api.ApiPaths;
import dev.mailplatform.contracts.api.MailboxDto;
import dev.mailplatform.contracts.api.MessageDto;
import dev.mailplatform.contracts.api.StoreFlagsResult;
import dev.mailplatform.contracts.events.LocalDelivery;
import dev.mailplatform.contracts.events.MailboxChanged;
import dev.mailplatform.mailbox.EventWatcher;
import dev.mailplatform.mailbox.Fixtures.TenantWithAccount;
import dev.mailplatform.testkit.InfrastructureTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Concurrent writers on one mailbox: deliveries, APPENDs, flag updates and expunges racing each other keep UIDs unique
 * and ascending, MODSEQs strictly increasing per change, and the counters equal to what the rows say.
 */
@QuarkusTest
@QuarkusTestResource(value = InfrastructureTestResource.class, restrictToAnnotatedClass = false)
class ConcurrencyTest {

    private static MailboxDto inbox(UUID account) {
        return read(service().get(ApiPaths.MAILBOX, account, "INBOX").then().statusCode(200), MailboxDto.class);
    }

    @Test
    void parallelDeliveriesAppendsAndFlagUpdatesKeepTheMailboxExact() throws Exception {
        TenantWithAccount a = tenantWithAccount();
        int deliveries = 60;
        int appends = 30;
        String shared = putBlob(mail("Subject: same body for everyone\n\nshared\n"));
        try (EventWatcher<MailboxChanged> events = new EventWatcher<>(Topics.MAILBOX_CHANGED, MailboxChanged.class)) {
            ExecutorService pool = Executors.newFixedThreadPool(8);
            List<Future<?>> work = new ArrayList<>();
            for (int i = 0; i < deliveries; i++) {
                String messageId = "c-" + i + "-" + UUID.randomUUID();
                work.add(pool.submit(() -> publish(new LocalDelivery(LocalDelivery.deliveryIdOf(messageId,
                        a.accountId()), messageId, "t", a.tenantId(), a.accountId(), a.address(), "s@r.example",
                        shared, 40, Instant.now()))));
            }
            for (int i = 0; i < appends; i++) {
                work.add(pool.submit((Callable<Object>) () -> service().body(Map.of("blobKey", shared, "size", 40))
                        .post(ApiPaths.MAILBOX_MESSAGES, a.accountId(), "INBOX").then().statusCode(201)));
            }
            List<Long> storeModseqs = java.util.Collections.synchronizedList(new ArrayList<>());
            for (int i = 0; i < 40; i++) {
                String flag = i % 2 == 0 ? "\\Seen" : "\\Flagged";
                String mode = i % 3 == 0 ? "REMOVE" : "ADD";
                work.add(pool.submit((Callable<Object>) () -> {
                    StoreFlagsResult r = read(service().body(Map.of("uidSet", "1:*", "mode", mode, "flags",
                            List.of(flag))).post(ApiPaths.MAILBOX_FLAGS, a.accountId(), "INBOX").then()
                            .statusCode(200), StoreFlagsResult.class);
                    r.updated().forEach(u -> storeModseqs.add(u.modseq()));
                    return r;
                }));
            }
            for (Future<?> f : work) {
                f.get();
            }
            pool.shutdown();
            await().atMost(Duration.ofSeconds(60)).until(() -> messages(a.accountId()).size() == deliveries + appends);

            List<MessageDto> all = messages(a.accountId());
            List<Long> uids = all.stream().map(MessageDto::uid).toList();
            assertThat(uids).doesNotHaveDuplicates().isSorted();
            assertThat(uids).containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1,
                    deliveries + appends).boxed().toList());
            MailboxDto box = inbox(a.accountId());
            assertThat(box.messages()).isEqualTo(deliveries + appends);
            assertThat(box.uidNext()).isEqualTo(deliveries + appends + 1);
            assertThat(box.unseen()).isEqualTo(all.stream().filter(m -> !m.flags().contains("\\Seen")).count());
            assertThat(box.sizeBytes()).isEqualTo(40L * (deliveries + appends));
            assertThat(box.highestModseq()).isGreaterThanOrEqualTo(
                    all.stream().mapToLong(MessageDto::modseq).max().orElseThrow());
            // every flag change got its own MODSEQ: no two STOREs handed out the same one
            assertThat(storeModseqs).doesNotHaveDuplicates();

            // events per added message, each with a distinct, increasing MODSEQ in UID order
            List<MailboxChanged> added = events.awaitEvents(e -> e.accountId().equals(a.accountId())
                    && e.kind() == MailboxChanged.Kind.MESSAGE_ADDED, deliveries + appends);
            Set<Long> addedUids = new HashSet<>();
            added.forEach(e -> addedUids.add(e.uid()));
            assertThat(addedUids).hasSize(deliveries + appends);
            List<MailboxChanged> byUid = new ArrayList<>(added);
            byUid.sort(java.util.Comparator.comparingLong(MailboxChanged::uid));
            for (int i = 1; i < byUid.size(); i++) {
                assertThat(byUid.get(i).modseq()).isGreaterThan(byUid.get(i - 1).modseq());
            }
        }
        // the shared body is one blob row with one reference per message
        assertThat(dev.mailplatform.mailbox.Fixtures.queryString(
                "SELECT refcount FROM blobs WHERE tenant_id = ? AND blob_key = ?", a.tenantId(), shared))
                .isEqualTo(String.valueOf(deliveries + appends));
    }

    @Test
    void parallelExpungesAndCopiesDoNotLoseOrDuplicate() throws Exception {
        TenantWithAccount a = tenantWithAccount();
        String body = putBlob(mail("Subject: x\n\ny\n"));
        for (int i = 0; i < 20; i++) {
            service().body(Map.of("blobKey", body, "size", 10, "flags", List.of("\\Deleted")))
                    .post(ApiPaths.MAILBOX_MESSAGES, a.accountId(), "INBOX").then().statusCode(201);
        }
        ExecutorService pool = Executors.newFixedThreadPool(6);
        List<Future<?>> work = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            int n = i;
            work.add(pool.submit((Callable<Object>) () -> n % 2 == 0
                    ? service().body(Map.of()).post(ApiPaths.MAILBOX_EXPUNGE, a.accountId(), "INBOX").then()
                            .statusCode(200)
                    : service().body(Map.of("uidSet", "1:*", "targetMailbox", "Archive"))
                            .post(ApiPaths.MAILBOX_COPY, a.accountId(), "INBOX").then().statusCode(200)));
        }
        for (Future<?> f : work) {
            f.get();
        }
        pool.shutdown();
        assertThat(inbox(a.accountId()).messages()).isZero();
        MailboxDto archive = read(service().get(ApiPaths.MAILBOX, a.accountId(), "Archive").then().statusCode(200),
                MailboxDto.class);
        List<MessageDto> archived = java.util.Arrays.asList(read(service().get(ApiPaths.MAILBOX_MESSAGES,
                a.accountId(), "Archive").then().statusCode(200), MessageDto[].class));
        assertThat(archive.messages()).isEqualTo(archived.size());
        assertThat(archived.stream().map(MessageDto::uid).toList()).doesNotHaveDuplicates().isSorted();
        assertThat(dev.mailplatform.mailbox.Fixtures.queryString(
                "SELECT refcount FROM blobs WHERE tenant_id = ? AND blob_key = ?", a.tenantId(), body))
                .isEqualTo(String.valueOf(archived.size()));
    }

    /**
     * STORE and UID EXPUNGE on explicit UID sets send their read with the mailbox lock in one round trip: the read must
     * still see what the previous lock holder committed, or concurrent flag changes would overwrite each other.
     */
    @Test
    void concurrentStoresOnTheSameMessagesLoseNoFlagAndExpungesCountExactly() throws Exception {
        TenantWithAccount a = tenantWithAccount();
        byte[] raw = mail("Subject: contended\n\nz\n");
        String body = putBlob(raw);
        for (int i = 0; i < 10; i++) {
            service().body(Map.of("blobKey", body, "size", raw.length)).post(ApiPaths.MAILBOX_MESSAGES, a.accountId(), "INBOX")
                    .then().statusCode(201);
        }
        int writers = 6;
        int perWriter = 8;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        List<Long> storeModseqs = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Future<?>> work = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            int writer = w;
            work.add(pool.submit((Callable<Object>) () -> {
                // half the writers name the messages as one range, the others as many
                List<String> sets = writer % 2 == 0 ? List.of("1:10") : List.of("1,3,5,7,9", "2,4,6,8,10");
                for (int k = 0; k < perWriter; k++) {
                    for (String set : sets) {
                        StoreFlagsResult r = read(service().body(Map.of("uidSet", set, "mode", "ADD", "flags",
                                List.of("k" + writer + "_" + k))).post(ApiPaths.MAILBOX_FLAGS, a.accountId(),
                                        "INBOX").then().statusCode(200), StoreFlagsResult.class);
                        r.updated().forEach(u -> storeModseqs.add(u.modseq()));
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : work) {
            f.get();
        }
        for (MessageDto m : messages(a.accountId())) {
            assertThat(m.flags()).as("flags of UID %d", m.uid()).hasSize(writers * perWriter);
        }
        assertThat(storeModseqs).hasSize(writers * perWriter * 10).doesNotHaveDuplicates();

        service().body(Map.of("uidSet", "2:9", "mode", "ADD", "flags", List.of("\\Deleted")))
                .post(ApiPaths.MAILBOX_FLAGS, a.accountId(), "INBOX").then().statusCode(200);
        work.clear();
        List<Long> expunged = java.util.Collections.synchronizedList(new ArrayList<>());
        for (String set : List.of("1:5", "4:7", "6:10", "2,9", "1:10", "8")) {
            work.add(pool.submit((Callable<Object>) () -> {
                dev.mailplatform.contracts.api.DeleteMessagesResult r = read(service().body(Map.of("uidSet", set))
                        .post(ApiPaths.MAILBOX_EXPUNGE, a.accountId(), "INBOX").then().statusCode(200),
                        dev.mailplatform.contracts.api.DeleteMessagesResult.class);
                expunged.addAll(r.deleted());
                return r;
            }));
        }
        for (Future<?> f : work) {
            f.get();
        }
        pool.shutdown();
        // each \Deleted message removed exactly once, the others kept, the counters and references exact
        assertThat(expunged).containsExactlyInAnyOrder(2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
        assertThat(messages(a.accountId()).stream().map(MessageDto::uid).toList()).containsExactly(1L, 10L);
        MailboxDto box = inbox(a.accountId());
        assertThat(box.messages()).isEqualTo(2);
        assertThat(box.sizeBytes()).isEqualTo(2L * raw.length);
        assertThat(box.unseen()).isEqualTo(2);
        assertThat(dev.mailplatform.mailbox.Fixtures.queryString(
                "SELECT refcount FROM blobs WHERE tenant_id = ? AND blob_key = ?", a.tenantId(), body)).isEqualTo("2");
    }
}
