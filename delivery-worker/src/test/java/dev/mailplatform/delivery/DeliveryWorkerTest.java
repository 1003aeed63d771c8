package dev.mailplatform.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailplatform.contracts.Json;
import dev.mailplatform.contracts.Topics;
import dev.mailplatform.contracts.events.AcceptedMail;
import dev.mailplatform.contracts.events.EnvelopeRecipient;
import dev.mailplatform.contracts.events.LocalDelivery;
import dev.mailplatform.contracts.events.OutboundMail;
import dev.mailplatform.testkit.Infrastructure;
import dev.mailplatform.testkit.InfrastructureTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** The worker running against the test kit's real Kafka broker. */
@QuarkusTest
@QuarkusTestResource(value = InfrastructureTestResource.class, restrictToAnnotatedClass = false)
class DeliveryWorkerTest {
    private final String bootstrap = Infrastructure.shared().kafkaBootstrap();

    @Test
    void routesAcceptedMailToLocalDeliveriesKeyedByAccountAndRemoteDomains() throws Exception {
        UUID tenant = UUID.randomUUID();
        UUID alice = UUID.randomUUID();
        UUID bob = UUID.randomUUID();
        String messageId = "msg-" + UUID.randomUUID();
        AcceptedMail mail = new AcceptedMail(messageId, "trace-1", "messages/00/11/0011", 321, "x@sender.example",
                List.of(new EnvelopeRecipient("alice@acme.test", tenant, alice),
                        new EnvelopeRecipient("bob@acme.test", tenant, bob),
                        new EnvelopeRecipient("carol@remote.example", null, null)),
                Instant.now(), "helo.example", "127.0.0.1", "mx");
        // a record that no version can read comes first: it must not hold up the good one behind it
        publish(Topics.ACCEPTED, messageId, "{not json".getBytes());
        publish(Topics.ACCEPTED, messageId, Json.toBytes(mail));

        List<ConsumerRecord<String, byte[]>> local = consumeUntil(Topics.DELIVER_LOCAL, messageId, 2);
        assertThat(local).extracting(ConsumerRecord::key)
                .containsExactlyInAnyOrder(alice.toString(), bob.toString());
        LocalDelivery first = Json.fromBytes(local.get(0).value(), LocalDelivery.class);
        assertThat(first.messageId()).isEqualTo(messageId);
        assertThat(first.blobKey()).isEqualTo("messages/00/11/0011");
        assertThat(first.deliveryId()).isEqualTo(LocalDelivery.deliveryIdOf(messageId, first.accountId()));

        List<ConsumerRecord<String, byte[]>> outbound = consumeUntil(Topics.OUTBOUND, messageId, 1);
        OutboundMail out = Json.fromBytes(outbound.get(0).value(), OutboundMail.class);
        assertThat(outbound.get(0).key()).isEqualTo("remote.example");
        assertThat(out.recipients()).containsExactly("carol@remote.example");

        String metrics = RestAssured.get("/q/metrics").asString();
        assertThat(metrics).contains("mail_delivery_poison_records_total");
        RestAssured.get("/q/health/ready").then().statusCode(200);
    }

    private void publish(String topic, String key, byte[] value) throws Exception {
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        }
    }

    /** Reads the topic from the start until {@code count} records of this message have arrived (30 s at most). */
    private List<ConsumerRecord<String, byte[]>> consumeUntil(String topic, String messageId, int count) {
        List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (found.size() < count && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (new String(r.value()).contains(messageId)) {
                        found.add(r);
                    }
                }
            }
        }
        assertThat(found).as("records of %s on %s", messageId, topic).hasSize(count);
        return found;
    }
}
