/* Mail platform. Licensed under the Apache License 2.0. */
package dev.mailplatform.smtp.server;

import dev.mailplatform.blobstore.BlobStore;
import dev.mailplatform.blobstore.BlobStoreConfig;
import dev.mailplatform.mailboxclient.MailboxClient;
import io.quarkus.arc.DefaultBean;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Clients of the shared infrastructure, configured from the platform-wide property names. */
@ApplicationScoped
public class InfrastructureClients {

    @Produces
    @ApplicationScoped
    @DefaultBean
    BlobStore blobStore(@ConfigProperty(name = "mail.s3.endpoint") String endpoint,
            @ConfigProperty(name = "mail.s3.access-key") String accessKey,
            @ConfigProperty(name = "mail.s3.secret-key") String secretKey,
            @ConfigProperty(name = "mail.s3.bucket", defaultValue = "mail") String bucket,
            @ConfigProperty(name = "mail.s3.region", defaultValue = "us-east-1") String region) {
        return new BlobStore(new BlobStoreConfig(endpoint, accessKey, secretKey, bucket, region));
    }

    void closeBlobStore(@Disposes BlobStore blobStore) {
        blobStore.close();
    }

    @Produces
    @ApplicationScoped
    @DefaultBean
    MailboxClient mailboxClient(Vertx vertx,
            @ConfigProperty(name = "mail.mailbox-service.url", defaultValue = "http://localhost:8080") String url,
            @ConfigProperty(name = "mail.service-token") String serviceToken) {
        return new MailboxClient(vertx, url, serviceToken);
    }

    void closeMailboxClient(@Disposes MailboxClient client) {
        client.close();
    }

    /**
     * The 250 reply promises durability, so the producer must not lose or duplicate: idempotence with acks=all
     * (the send future completes only when every in-sync replica has the record).
     */
    @Produces
    @ApplicationScoped
    @DefaultBean
    Producer<String, byte[]> acceptedMailProducer(
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
            @ConfigProperty(name = "mail.smtp.kafka.max-block-ms", defaultValue = "15000") int maxBlockMs,
            @ConfigProperty(name = "mail.smtp.kafka.delivery-timeout-ms", defaultValue = "45000")
            int deliveryTimeoutMs) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "gateway-smtp");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, maxBlockMs);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(30000, deliveryTimeoutMs));
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, deliveryTimeoutMs);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    void closeProducer(@Disposes Producer<String, byte[]> producer) {
        producer.close(java.time.Duration.ofSeconds(10));
    }
}
