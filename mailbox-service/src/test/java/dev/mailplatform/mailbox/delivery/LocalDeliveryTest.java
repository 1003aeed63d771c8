package dev.mailplatform.mailbox.delivery;

import static dev.mailplatform.mailbox.Fixtures.delivery;
import static dev.mailplatform.mailbox.Fixtures.messages;
import static dev.mailplatform.mailbox.Fixtures.publish;
import static dev.mailplatform.mailbox.Fixtures.service;
import static dev.mailplatform.mailbox.Fixtures.tenantWithAccount;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mailplatform.contracts.Json;
import dev.mailplatform.contracts.Topics;
import dev.mailplatform.contracts.api.ApiPaths;
import dev.mailplatform.contracts.api.DeleteMessagesResult;
import dev.mailplatform.contracts.api.MailboxDto;
import dev.mailplatform.contracts.api.MessageDto;
import dev.mailplatform.contracts.events.LocalDelivery;
import dev.mailplatform.contracts.events.MailboxChanged;
import dev.mailplatform.mailbox.Fixtures.TenantWithAccount;
import dev.mailplatform.testkit.Infrastructure;
import dev.mailplatform.testkit.InfrastructureTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = InfrastructureTestResource.class, restrictToAnnotatedClass = false)
class LocalDeliveryTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private static MailboxDto inbox(UUID accountId) {
        return Json.fromBytes(service().get(ApiPaths.MAILBOX, accountId, "INBOX").then().statusCode(200)
                .extract().asByteArray(), MailboxDto.class);
    }

    private static double deliveries(String result) {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher m = Pattern.compile("^mail_mailbox_deliveries_total\\{[^}]*result=\"" + result + "\"[^}]*} (\\S+)$",
                Pattern.MULTILINE).matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    @Test
    void storesDeliveriesWithAscendingUids() {
        TenantWithAccount a = tenantWithAccount();
        long uidValidity = inbox(a.accountId()).uidValidity();
        LocalDelivery first = delivery(a, "msg-1-" + UUID.randomUUID(), 1200);
        LocalDelivery second = delivery(a, "msg-2-" + UUID.randomUUID(), 800);
        publish(first);
        publish(second);

        await().atMost(WAIT).until(() -> messages(a.accountId()).size() == 2);
        List<MessageDto> stored = messages(a.accountId());
        assertThat(stored).extracting(MessageDto::uid).containsExactly(1L, 2L);
        assertThat(stored).extracting(MessageDto::blobKey).containsExactly(first.blobKey(), second.blobKey());
        assertThat(stored).extracting(MessageDto::size).containsExactly(1200L, 800L);
        assertThat(stored.get(0).internalDate()).isEqualTo(first.receivedAt());
        assertThat(stored.get(0).flags()).isEmpty();
        assertThat(stored.get(1).modseq()).isGreaterThan(stored.get(0).modseq());

        MailboxDto box = inbox(a.accountId());
        assertThat(box.uidNext()).isEqualTo(3);
        assertThat(box.messages()).isEqualTo(2);
        assertThat(box.unseen()).isEqualTo(2);
        assertThat(box.highestModseq()).isEqualTo(stored.get(1).modseq());
        assertThat(box.uidValidity()).isEqualTo(uidValidity);
    }

    @Test
    void sameDeliveryTwiceStoresOneMessage() {
        TenantWithAccount a = tenantWithAccount();
        double duplicatesBefore = deliveries("duplicate");
        LocalDelivery once = delivery(a, "dup-" + UUID.randomUUID(), 500);
        publish(once);
        publish(once);
        // a third, different delivery after the duplicate proves the duplicate was processed, not just slow
        LocalDelivery marker = delivery(a, "marker-" + UUID.randomUUID(), 10);
        publish(marker);

        await().atMost(WAIT).until(() -> messages(a.accountId()).stream()
                .anyMatch(m -> m.blobKey().equals(marker.blobKey())));
        assertThat(messages(a.accountId())).extracting(MessageDto::blobKey)
                .containsExactly(once.blobKey(), marker.blobKey());
        assertThat(messages(a.accountId())).extracting(MessageDto::uid).containsExactly(1L, 2L);
        assertThat(inbox(a.accountId()).messages()).isEqualTo(2);
        assertThat(deliveries("duplicate")).isGreaterThanOrEqualTo(duplicatesBefore + 1);
    }

    @Test
    void poisonRecordsAreSkippedWithoutBlockingTheAccount() {
        TenantWithAccount a = tenantWithAccount();
        double rejectedBefore = deliveries("rejected");
        String key = a.accountId().toString(); // same key: same partition as the good record that follows
        publish(key, "{not json".getBytes(StandardCharsets.UTF_8));
        publish(key, "null".getBytes(StandardCharsets.UTF_8));
        LocalDelivery unknownAccount = new LocalDelivery("x/" + UUID.randomUUID(), "x", "t", a.tenantId(),
                UUID.randomUUID(), "ghost@" + a.domain(), "s@remote.example", "messages/ghost", 1, null);
        publish(key, Json.toBytes(unknownAccount));
        TenantWithAccount other = tenantWithAccount();
        // claims the wrong tenant: must not be stored in another tenant's account
        LocalDelivery wrongTenant = new LocalDelivery("y/" + UUID.randomUUID(), "y", "t", other.tenantId(),
                a.accountId(), a.address(), "s@remote.example", "messages/wrong-tenant", 1, null);
        publish(key, Json.toBytes(wrongTenant));
        LocalDelivery good = delivery(a, "after-poison-" + UUID.randomUUID(), 42);
        publish(good);

        await().atMost(WAIT).until(() -> !messages(a.accountId()).isEmpty());
        assertThat(messages(a.accountId())).extracting(MessageDto::blobKey).containsExactly(good.blobKey());
        assertThat(deliveries("rejected")).isGreaterThanOrEqualTo(rejectedBefore + 4);
    }

    @Test
    void deleteRemovesMessagesKeepsCountsExactAndPublishesExpunges() {
        TenantWithAccount a = tenantWithAccount();
        List<LocalDelivery> sent = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            LocalDelivery d = delivery(a, "del-" + i + "-" + UUID.randomUUID(), 100 + i);
            sent.add(d);
            publish(d);
        }
        await().atMost(WAIT).until(() -> messages(a.accountId()).size() == 3);
        long modseqBefore = inbox(a.accountId()).highestModseq();

        try (KafkaConsumer<String, byte[]> changes = changesConsumer()) {
            DeleteMessagesResult result = Json.fromBytes(service().body(Map.of("uids", List.of(3, 1, 99)))
                    .post(ApiPaths.MAILBOX_DELETE_MESSAGES, a.accountId(), "INBOX")
                    .then().statusCode(200).extract().asByteArray(), DeleteMessagesResult.class);
            assertThat(result.deleted()).containsExactly(1L, 3L);
            assertThat(result.highestModseq()).isEqualTo(modseqBefore + 1);

            List<MessageDto> left = messages(a.accountId());
            assertThat(left).extracting(MessageDto::uid).containsExactly(2L);
            MailboxDto box = inbox(a.accountId());
            assertThat(box.messages()).isEqualTo(1);
            assertThat(box.unseen()).isEqualTo(1);
            assertThat(box.uidNext()).isEqualTo(4);
            assertThat(box.highestModseq()).isEqualTo(modseqBefore + 1);

            List<MailboxChanged> expunged = new ArrayList<>();
            await().atMost(WAIT).until(() -> {
                for (ConsumerRecord<String, byte[]> r : changes.poll(Duration.ofMillis(200))) {
                    MailboxChanged event = Json.fromBytes(r.value(), MailboxChanged.class);
                    if (event.accountId().equals(a.accountId())
                            && event.kind() == MailboxChanged.Kind.MESSAGE_EXPUNGED) {
                        assertThat(r.key()).isEqualTo(a.accountId().toString());
                        expunged.add(event);
                    }
                }
                return expunged.size() >= 2;
            });
            assertThat(expunged).extracting(MailboxChanged::uid).containsExactlyInAnyOrder(1L, 3L);
            assertThat(expunged).allSatisfy(e -> {
                assertThat(e.modseq()).isEqualTo(modseqBefore + 1);
                assertThat(e.tenantId()).isEqualTo(a.tenantId());
                assertThat(e.mailboxName()).isEqualTo("INBOX");
            });
        }

        // deleting again is a no-op that does not bump the modseq
        DeleteMessagesResult again = Json.fromBytes(service().body(Map.of("uids", List.of(1, 3)))
                .post(ApiPaths.MAILBOX_DELETE_MESSAGES, a.accountId(), "INBOX")
                .then().statusCode(200).extract().asByteArray(), DeleteMessagesResult.class);
        assertThat(again.deleted()).isEmpty();
        assertThat(again.highestModseq()).isEqualTo(modseqBefore + 1);

        // a redelivery of an expunged message does not resurrect it, and new mail gets a fresh UID
        publish(sent.get(0));
        LocalDelivery fresh = delivery(a, "fresh-" + UUID.randomUUID(), 7);
        publish(fresh);
        await().atMost(WAIT).until(() -> messages(a.accountId()).size() == 2);
        assertThat(messages(a.accountId())).extracting(MessageDto::uid).containsExactly(2L, 4L);
    }

    @Test
    void publishesMessageAddedEvents() {
        TenantWithAccount a = tenantWithAccount();
        try (KafkaConsumer<String, byte[]> changes = changesConsumer()) {
            publish(delivery(a, "evt-" + UUID.randomUUID(), 9));
            List<MailboxChanged> added = new ArrayList<>();
            await().atMost(WAIT).until(() -> {
                for (ConsumerRecord<String, byte[]> r : changes.poll(Duration.ofMillis(200))) {
                    MailboxChanged event = Json.fromBytes(r.value(), MailboxChanged.class);
                    if (event.accountId().equals(a.accountId())) {
                        added.add(event);
                    }
                }
                return !added.isEmpty();
            });
            MailboxChanged event = added.get(0);
            assertThat(event.kind()).isEqualTo(MailboxChanged.Kind.MESSAGE_ADDED);
            assertThat(event.uid()).isEqualTo(1);
            assertThat(event.tenantId()).isEqualTo(a.tenantId());
            assertThat(event.mailboxId()).isEqualTo(inbox(a.accountId()).id());
        }
    }

    /** Reads mailbox-changed from the end: positioned before the action under test so no event is missed. */
    private static KafkaConsumer<String, byte[]> changesConsumer() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, Infrastructure.shared().kafkaBootstrap());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer());
        consumer.subscribe(List.of(Topics.MAILBOX_CHANGED));
        // join the group and get positions before the test acts; "latest" is resolved at assignment time
        await().atMost(WAIT).until(() -> {
            consumer.poll(Duration.ofMillis(100));
            return !consumer.assignment().isEmpty();
        });
        consumer.assignment().forEach(consumer::position);
        return consumer;
    }
}
