/* Mail platform. Licensed under the Apache License 2.0. */
package dev.mailplatform.smtp.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailplatform.contracts.Json;
import dev.mailplatform.contracts.Topics;
import dev.mailplatform.contracts.events.AcceptedMail;
import dev.mailplatform.testkit.AdminApi;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/**
 * With S3 unreachable the gateway must not acknowledge: "451 4.3.0", nothing on the accepted topic, no spool file
 * left, and the session goes on (RFC 5321 §6.1: a 250 is a promise we could not keep).
 */
@QuarkusTest
@QuarkusTestResource(value = StorageDownTest.DeadStorage.class, restrictToAnnotatedClass = true)
class StorageDownTest {

    /** The real infrastructure and mailbox service, but the gateway's S3 endpoint is a closed port. */
    public static class DeadStorage extends GatewayTestResource {
        @Override
        public Map<String, String> start() {
            Map<String, String> config = new HashMap<>(super.start());
            try (ServerSocket socket = new ServerSocket(0)) {
                config.put("mail.s3.endpoint", "http://127.0.0.1:" + socket.getLocalPort());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            return config;
        }
    }

    @Inject
    SmtpServer server;

    @Test
    void answers451AndPublishesNothingWhenStorageFails() throws Exception {
        AdminApi admin = TestStack.admin();
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        UUID tenant = admin.createTenant("smtp-s3down-" + suffix);
        String domain = "s3down-" + suffix + ".example";
        admin.createDomain(tenant, domain);
        String user = "carol@" + domain;
        admin.createAccount(tenant, user, "another-password");
        String helo = "s3down-" + suffix + ".client.example";

        try (SmtpTestClient c = new SmtpTestClient(server.port("mx"))) {
            c.expect("220");
            c.command("EHLO " + helo, "250");
            c.command("MAIL FROM:<x@client.example>", "250 2.1.0");
            c.command("RCPT TO:<" + user + ">", "250 2.1.5");
            c.command("DATA", "354");
            c.send("Subject: lost?\r\n\r\nmust not be acknowledged\r\n.\r\n");
            c.expect("451 4.3.0");
            c.command("NOOP", "250 2.0.0");
        }

        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestStack.kafkaBootstrap());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "smtp-test-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, byte[]> consumer =
                     new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.ACCEPTED));
            long deadline = System.nanoTime() + Duration.ofSeconds(8).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    AcceptedMail mail = Json.fromBytes(record.value(), AcceptedMail.class);
                    assertThat(mail.heloName()).as("published although S3 failed").isNotEqualTo(helo);
                }
            }
        }
    }
}
