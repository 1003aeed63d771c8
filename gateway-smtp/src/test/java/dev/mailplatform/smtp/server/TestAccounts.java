/* Mail platform. Licensed under the Apache License 2.0. */
package dev.mailplatform.smtp.server;

import dev.mailplatform.contracts.Json;
import dev.mailplatform.contracts.Topics;
import dev.mailplatform.contracts.api.ApiPaths;
import dev.mailplatform.contracts.api.CreateAliasRequest;
import dev.mailplatform.contracts.events.AcceptedMail;
import dev.mailplatform.testkit.AdminApi;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** One tenant with two accounts and an alias, created once per JVM in the real mailbox service. */
final class TestAccounts {
    static final String PASSWORD = "alice-password-1";
    private static TestAccounts shared;

    final UUID tenantId;
    final String domain;
    final String alice;
    final UUID aliceId;
    final String aliceAlias;
    final String bob;
    final UUID bobId;

    private TestAccounts() throws Exception {
        AdminApi admin = TestStack.admin();
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        tenantId = admin.createTenant("smtp-sub-" + suffix);
        domain = "sub-" + suffix + ".example";
        admin.createDomain(tenantId, domain);
        alice = "alice@" + domain;
        aliceId = admin.createAccount(tenantId, alice, PASSWORD);
        bob = "bob@" + domain;
        bobId = admin.createAccount(tenantId, bob, "bob-password-1");
        aliceAlias = "sales@" + domain;
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(TestStack.mailboxUrl() + ApiPaths.TENANT_ALIASES.replace("{tenantId}",
                                tenantId.toString())))
                .header("Authorization", "Bearer " + TestStack.adminToken())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(
                        Json.toBytes(new CreateAliasRequest(aliceAlias, List.of(alice)))))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201 && response.statusCode() != 200) {
            throw new IllegalStateException("alias not created: " + response.statusCode() + " " + response.body());
        }
    }

    static synchronized TestAccounts shared() throws Exception {
        if (shared == null) {
            shared = new TestAccounts();
        }
        return shared;
    }

    static String plain(String user, String password) {
        return Base64.getEncoder().encodeToString(("\0" + user + "\0" + password)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    static AcceptedMail awaitAccepted(String messageId) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestStack.kafkaBootstrap());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "smtp-test-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, byte[]> consumer =
                     new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.ACCEPTED));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (messageId.equals(record.key())) {
                        return Json.fromBytes(record.value(), AcceptedMail.class);
                    }
                }
            }
        }
        throw new AssertionError("no AcceptedMail " + messageId + " on " + Topics.ACCEPTED);
    }

    static String queuedId(String reply) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("250 2\\.0\\.0 Ok: queued as (\\S+)")
                .matcher(reply);
        if (!m.find()) {
            throw new AssertionError("not a queued reply: " + reply);
        }
        return m.group(1);
    }
}
