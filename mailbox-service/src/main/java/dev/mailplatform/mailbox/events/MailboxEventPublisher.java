package dev.mailplatform.mailbox.events;

import dev.mailplatform.contracts.Json;
import dev.mailplatform.contracts.Topics;
import dev.mailplatform.contracts.events.DeliveryFailed;
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
    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(MailboxEventPublisher.class);
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
        publish(events, List.of());
    }

    /**
     * Sends mailbox-changed events (keyed by account) and delivery failures (keyed by message id, on
     * {@link Topics#DELIVERY_FAILED}) and waits for every acknowledgement.
     */
    public void publish(List<MailboxChanged> events, List<DeliveryFailed> failures) throws PublishException {
        if (events.isEmpty() && failures.isEmpty()) {
            return;
        }
        List<Future<RecordMetadata>> sent = new java.util.ArrayList<>(events.size() + failures.size());
        for (MailboxChanged event : events) {
            sent.add(producer.send(new ProducerRecord<>(Topics.MAILBOX_CHANGED, event.accountId().toString(),
                    Json.toBytes(event))));
        }
        for (DeliveryFailed failure : failures) {
            sent.add(producer.send(new ProducerRecord<>(Topics.DELIVERY_FAILED, failure.messageId(),
                    Json.toBytes(failure))));
        }
        long deadline = System.nanoTime() + publishTimeout.toNanos();
        for (Future<RecordMetadata> ack : sent) {
            try {
                ack.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PublishException("interrupted while waiting for the broker", e);
            } catch (ExecutionException | TimeoutException e) {
                throw new PublishException("event not acknowledged: " + e.getMessage(), e);
            }
        }
    }

    /**
     * Publishes events of a committed API change without waiting for the broker. The change is done and must be
     * reported as such whatever the broker does, so waiting for the acknowledgement would only add its round trip
     * (and the producer's linger) to every STORE, APPEND and EXPUNGE; a failure is logged and idle IMAP clients catch
     * up on their next command. One producer keeps one account's events in order (same key, same partition).
     */
    public void publishCommitted(List<MailboxChanged> events, String what) {
        for (MailboxChanged event : events) {
            try {
                producer.send(new ProducerRecord<>(Topics.MAILBOX_CHANGED, event.accountId().toString(),
                        Json.toBytes(event)), (metadata, error) -> {
                            if (error != null) {
                                LOG.warnf("%s committed but its event for account %s was not published: %s", what,
                                        event.accountId(), error.getMessage());
                            }
                        });
            } catch (RuntimeException e) {
                LOG.warnf("%s committed but its events were not published: %s", what, e.getMessage());
                return;
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
