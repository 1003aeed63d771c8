package dev.mailplatform.mailbox.events;

import dev.mailplatform.contracts.Json;
import dev.mailplatform.contracts.Topics;
import dev.mailplatform.contracts.events.MailboxChanged;
import dev.mailplatform.mailbox.config.MailboxServiceConfig;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Publishes {@link MailboxChanged} events after the database commit, keyed by account id so that one account's changes
 * stay in order. Blocks until the broker acknowledged (acks=all, idempotent): worker threads only.
 */
@ApplicationScoped
public class MailboxEventPublisher {
    private final KafkaProducer<String, byte[]> producer;
    private final Duration publishTimeout;

    public MailboxEventPublisher(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
            MailboxServiceConfig config) {
        this.publishTimeout = config.events().publishTimeout();
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "mailbox-service-events");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        // send() blocks for metadata when the broker is away; never longer than we are willing to wait for an ack
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, publishTimeout.toMillis());
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Math.max(publishTimeout.toMillis(), 15_000));
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(publishTimeout.toMillis(), 10_000));
        this.producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    /** Sends all events and waits for every acknowledgement; throws when any was not acknowledged in time. */
    public void publish(List<MailboxChanged> events) throws PublishException {
        if (events.isEmpty()) {
            return;
        }
        List<Future<RecordMetadata>> sent = events.stream()
                .map(event -> producer.send(new ProducerRecord<>(Topics.MAILBOX_CHANGED,
                        event.accountId().toString(), Json.toBytes(event))))
                .toList();
        long deadline = System.nanoTime() + publishTimeout.toNanos();
        for (Future<RecordMetadata> ack : sent) {
            try {
                ack.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PublishException("interrupted while waiting for the broker", e);
            } catch (ExecutionException | TimeoutException e) {
                throw new PublishException("mailbox-changed event not acknowledged: " + e.getMessage(), e);
            }
        }
    }

    @PreDestroy
    void close() {
        producer.close(Duration.ofSeconds(5));
    }

    public static class PublishException extends Exception {
        public PublishException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
