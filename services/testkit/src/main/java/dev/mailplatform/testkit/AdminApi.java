package dev.mailplatform.testkit;

import dev.mailplatform.contracts.Json;
import dev.mailplatform.contracts.api.AccountDto;
import dev.mailplatform.contracts.api.ApiPaths;
import dev.mailplatform.contracts.api.CreateAccountRequest;
import dev.mailplatform.contracts.api.CreateDomainRequest;
import dev.mailplatform.contracts.api.CreateTenantRequest;
import dev.mailplatform.contracts.api.DomainDto;
import dev.mailplatform.contracts.api.MessageDto;
import dev.mailplatform.contracts.api.TenantDto;
import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import dev.mailplatform.contracts.Topics;
import dev.mailplatform.contracts.events.LocalDelivery;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** A small blocking client of the mailbox-service REST API for tests and for seeding the local stack. */
public final class AdminApi {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String baseUrl;
    private final String adminToken;
    private final String serviceToken;
    private final String kafkaBootstrap;

    public AdminApi(String baseUrl, String adminToken, String serviceToken, String kafkaBootstrap) {
        this.baseUrl = baseUrl;
        this.adminToken = adminToken;
        this.serviceToken = serviceToken;
        this.kafkaBootstrap = kafkaBootstrap;
    }

    /**
     * Publishes a local delivery the way the delivery worker does and waits until the mailbox service has stored it.
     * The body must already be in S3 under {@code delivery.blobKey()}.
     *
     * @return the stored message
     */
    public MessageDto deliver(LocalDelivery delivery) {
        long before = messages(delivery.accountId(), "INBOX").stream().mapToLong(MessageDto::uid).max().orElse(0);
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaBootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        try (var producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topics.DELIVER_LOCAL, delivery.accountId().toString(),
                    Json.toBytes(delivery))).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot publish the delivery", e);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            for (MessageDto m : messages(delivery.accountId(), "INBOX")) {
                if (m.uid() > before && m.blobKey().equals(delivery.blobKey())) {
                    return m;
                }
            }
            Ports.sleep(50);
        }
        throw new IllegalStateException("delivery " + delivery.deliveryId() + " was not stored within 30 s");
    }

    public UUID createTenant(String name) {
        return post(ApiPaths.TENANTS, adminToken, new CreateTenantRequest(name), TenantDto.class).id();
    }

    public UUID createDomain(UUID tenantId, String domain) {
        return post(ApiPaths.TENANT_DOMAINS.replace("{tenantId}", tenantId.toString()), adminToken,
                new CreateDomainRequest(domain), DomainDto.class).id();
    }

    public UUID createAccount(UUID tenantId, String address, String password) {
        return post(ApiPaths.TENANT_ACCOUNTS.replace("{tenantId}", tenantId.toString()), adminToken,
                new CreateAccountRequest(address, password), AccountDto.class).id();
    }

    /** The messages of a mailbox, ascending by UID (through the gateways' API). */
    public List<MessageDto> messages(UUID accountId, String mailbox) {
        String path = ApiPaths.MAILBOX_MESSAGES.replace("{accountId}", accountId.toString())
                .replace("{mailbox}", mailbox);
        HttpResponse<byte[]> resp = send(HttpRequest.newBuilder(URI.create(baseUrl + path)).GET(), serviceToken);
        try {
            return Json.MAPPER.readValue(resp.body(), new TypeReference<List<MessageDto>>() {
            });
        } catch (IOException e) {
            throw new IllegalStateException("unreadable answer: " + new String(resp.body()), e);
        }
    }

    private <T> T post(String path, String token, Object body, Class<T> type) {
        HttpResponse<byte[]> resp = send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(Json.toBytes(body))), token);
        return Json.fromBytes(resp.body(), type);
    }

    private HttpResponse<byte[]> send(HttpRequest.Builder request, String token) {
        try {
            HttpResponse<byte[]> resp = HTTP.send(request.header("Authorization", "Bearer " + token)
                    .header("Accept", "application/json").timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (resp.statusCode() / 100 != 2) {
                throw new IllegalStateException(request.build().method() + " " + request.build().uri() + " answered "
                        + resp.statusCode() + ": " + new String(resp.body()));
            }
            return resp;
        } catch (IOException e) {
            throw new IllegalStateException("mailbox service unreachable at " + baseUrl, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
