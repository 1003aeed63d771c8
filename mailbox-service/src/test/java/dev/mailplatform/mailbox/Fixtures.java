package dev.mailplatform.mailbox;

import static io.restassured.RestAssured.given;

import dev.mailplatform.contracts.Json;
import dev.mailplatform.contracts.Topics;
import dev.mailplatform.contracts.api.AccountDto;
import dev.mailplatform.contracts.api.ApiPaths;
import dev.mailplatform.contracts.api.MessageDto;
import dev.mailplatform.contracts.events.LocalDelivery;
import dev.mailplatform.blobstore.BlobKeys;
import dev.mailplatform.blobstore.BlobStore;
import dev.mailplatform.blobstore.BlobStoreConfig;
import dev.mailplatform.testkit.Infrastructure;
import java.nio.charset.StandardCharsets;
import dev.mailplatform.testkit.InfrastructureTestResource;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Test data through the real API, Kafka and database; names are unique per call so test classes never collide. */
public final class Fixtures {
    public static final String ADMIN = InfrastructureTestResource.ADMIN_TOKEN;
    public static final String SERVICE = InfrastructureTestResource.SERVICE_TOKEN;

    private Fixtures() {
    }

    public static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public static RequestSpecification admin() {
        return given().header("Authorization", "Bearer " + ADMIN).contentType(ContentType.JSON);
    }

    public static RequestSpecification service() {
        return given().header("Authorization", "Bearer " + SERVICE).contentType(ContentType.JSON);
    }

    /** A tenant with one domain and one account. */
    public record TenantWithAccount(UUID tenantId, String domain, UUID accountId, String address, String password) {
    }

    public static UUID createTenant() {
        return UUID.fromString(admin().body(Map.of("name", unique("tenant"))).post(ApiPaths.TENANTS)
                .then().statusCode(201).extract().path("id"));
    }

    public static String createDomain(UUID tenantId) {
        String domain = unique("d") + ".example";
        admin().body(Map.of("name", domain)).post(ApiPaths.TENANT_DOMAINS, tenantId).then().statusCode(201);
        return domain;
    }

    public static AccountDto createAccount(UUID tenantId, String address, String password) {
        return Json.fromBytes(admin().body(Map.of("address", address, "password", password))
                .post(ApiPaths.TENANT_ACCOUNTS, tenantId).then().statusCode(201).extract().asByteArray(), AccountDto.class);
    }

    public static TenantWithAccount tenantWithAccount() {
        UUID tenantId = createTenant();
        String domain = createDomain(tenantId);
        String address = "user@" + domain;
        String password = "s3cret-" + UUID.randomUUID();
        AccountDto account = createAccount(tenantId, address, password);
        return new TenantWithAccount(tenantId, domain, account.id(), address, password);
    }

    public static LocalDelivery delivery(TenantWithAccount account, String messageId, long size) {
        return new LocalDelivery(LocalDelivery.deliveryIdOf(messageId, account.accountId()), messageId,
                "trace-" + messageId, account.tenantId(), account.accountId(), account.address(),
                "sender@remote.example", "messages/" + messageId, size, Instant.parse("2026-01-02T03:04:05Z"));
    }

    /** Publishes raw bytes to the deliver-local topic and waits for the broker's acknowledgement. */
    public static void publish(String key, byte[] value) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, Infrastructure.shared().kafkaBootstrap());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(),
                new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topics.DELIVER_LOCAL, key, value)).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot publish to " + Topics.DELIVER_LOCAL, e);
        }
    }

    public static void publish(LocalDelivery delivery) {
        publish(delivery.accountId().toString(), Json.toBytes(delivery));
    }

    public static List<MessageDto> messages(UUID accountId) {
        return Arrays.asList(Json.fromBytes(service().get(ApiPaths.MAILBOX_MESSAGES, accountId, "INBOX")
                .then().statusCode(200).extract().asByteArray(), MessageDto[].class));
    }

    private static volatile BlobStore blobStore;

    /** The test kit's S3, through the same client the service uses. */
    public static BlobStore blobs() {
        if (blobStore == null) {
            synchronized (Fixtures.class) {
                if (blobStore == null) {
                    Infrastructure infra = Infrastructure.shared();
                    BlobStore store = new BlobStore(new BlobStoreConfig(infra.s3Endpoint(), infra.s3AccessKey(),
                            infra.s3SecretKey(), infra.s3Bucket(), "us-east-1"));
                    store.ensureBucket();
                    blobStore = store;
                }
            }
        }
        return blobStore;
    }

    /** Stores a raw message under its content address, as the SMTP gateway does, and returns the key. */
    public static String putBlob(byte[] raw) {
        String key = BlobKeys.messageKeyOf(raw);
        blobs().put(key, raw);
        return key;
    }

    /** A message with CRLF line ends from a text block. */
    public static byte[] mail(String text) {
        return text.replace("\r\n", "\n").replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8);
    }

    /** Delivers a raw message to the account's INBOX through S3 and Kafka and waits until it is stored. */
    public static MessageDto deliverRaw(TenantWithAccount account, byte[] raw) {
        String key = putBlob(raw);
        long before = messages(account.accountId()).stream().mapToLong(MessageDto::uid).max().orElse(0);
        String messageId = "m-" + UUID.randomUUID();
        LocalDelivery delivery = new LocalDelivery(LocalDelivery.deliveryIdOf(messageId, account.accountId()),
                messageId, "trace-" + messageId, account.tenantId(), account.accountId(), account.address(),
                "sender@remote.example", key, raw.length, Instant.now());
        publish(delivery);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            for (MessageDto m : messages(account.accountId())) {
                if (key.equals(m.blobKey()) && m.uid() > before) {
                    return m;
                }
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("delivery " + messageId + " not stored within 30 s");
    }

    public static <T> T read(io.restassured.response.ValidatableResponse response, Class<T> type) {
        return Json.fromBytes(response.extract().asByteArray(), type);
    }

    public static <T> List<T> readList(io.restassured.response.ValidatableResponse response, Class<T[]> type) {
        return Arrays.asList(Json.fromBytes(response.extract().asByteArray(), type));
    }

    /** The first column of the first row of a query, as text. */
    public static String queryString(String query, Object... params) {
        Infrastructure infra = Infrastructure.shared();
        try (Connection c = DriverManager.getConnection(infra.jdbcUrl(), infra.dbUser(), infra.dbPassword());
                PreparedStatement ps = c.prepareStatement(query)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (java.sql.ResultSet row = ps.executeQuery()) {
                return row.next() ? row.getString(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Direct SQL for states the API cannot create yet (e.g. a suspended account). */
    public static void sql(String statement, Object... params) {
        Infrastructure infra = Infrastructure.shared();
        try (Connection c = DriverManager.getConnection(infra.jdbcUrl(), infra.dbUser(), infra.dbPassword());
                PreparedStatement ps = c.prepareStatement(statement)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
