package dev.mailplatform.delivery.dsn;

import dev.mailplatform.contracts.Json;
import dev.mailplatform.contracts.Topics;
import dev.mailplatform.contracts.events.DeliveryFailed;
import dev.mailplatform.delivery.relay.DeliveryMetrics;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Turns local deliveries that can never succeed (over quota, suspended: {@link DeliveryFailed} from the mailbox
 * service) into failure DSNs to the sender. One record at a time, offset committed after the DSN is acknowledged; a
 * DSN id derived from the delivery id makes a re-run store it once.
 */
@ApplicationScoped
public class DeliveryFailedConsumer {
    private static final Logger LOG = Logger.getLogger(DeliveryFailedConsumer.class);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;
    @ConfigProperty(name = "mail.delivery.dsn-group-id", defaultValue = "delivery-worker-dsn")
    String groupId;
    @ConfigProperty(name = "mail.delivery.retry-backoff", defaultValue = "PT2S")
    Duration retryBackoff;

    private final DsnService dsn;
    private final DeliveryMetrics metrics;
    private volatile boolean running;
    private KafkaConsumer<String, byte[]> consumer;
    private Thread thread;

    DeliveryFailedConsumer(DsnService dsn, DeliveryMetrics metrics) {
        this.dsn = dsn;
        this.metrics = metrics;
    }

    void onStart(@Observes StartupEvent event) {
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, groupId,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 50),
                new StringDeserializer(), new ByteArrayDeserializer());
        running = true;
        thread = new Thread(this::run, "delivery-failed-consumer");
        thread.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        running = false;
        if (consumer != null) {
            consumer.wakeup();
        }
        if (thread != null) {
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    public boolean isAlive() {
        return thread != null && thread.isAlive();
    }

    private void run() {
        try {
            consumer.subscribe(List.of(Topics.DELIVERY_FAILED));
            while (running) {
                ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(500));
                for (TopicPartition partition : records.partitions()) {
                    for (ConsumerRecord<String, byte[]> record : records.records(partition)) {
                        if (!handle(record)) {
                            // try this record again after a pause; nothing behind it is committed
                            consumer.seek(partition, record.offset());
                            sleep(retryBackoff);
                            break;
                        }
                        Map<TopicPartition, OffsetAndMetadata> offset = new HashMap<>();
                        offset.put(partition, new OffsetAndMetadata(record.offset() + 1));
                        consumer.commitSync(offset);
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            LOG.error("delivery-failed consumer stopped", e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private boolean handle(ConsumerRecord<String, byte[]> record) {
        DeliveryFailed failed;
        try {
            failed = Json.fromBytes(record.value(), DeliveryFailed.class);
            if (failed.deliveryId() == null || failed.recipient() == null || failed.blobKey() == null) {
                throw new IllegalArgumentException("missing deliveryId, recipient or blobKey");
            }
        } catch (RuntimeException e) {
            LOG.errorf("skipping unreadable delivery-failed record at %d: %s", record.offset(), e.getMessage());
            return true;
        }
        metrics.delivery("local", "bounced", 1);
        String status = failed.status() == null ? "5.0.0" : failed.status();
        String diagnostic = "smtp; 550 " + status + " "
                + (failed.diagnostic() == null ? "delivery failed" : failed.diagnostic());
        Instant at = failed.at() == null ? Instant.now() : failed.at();
        try {
            Optional<Future<RecordMetadata>> ack = dsn.send(new DsnService.Request(failed.deliveryId(),
                    failed.traceId(), failed.mailFrom(), failed.blobKey(), null, null, null, false,
                    List.of(new DsnReport.Recipient(failed.recipient(), null, "failed", status, null, diagnostic, at,
                            null))));
            if (ack.isPresent()) {
                ack.get().get(30, TimeUnit.SECONDS);
            }
            return true;
        } catch (Exception e) {
            LOG.errorf("DSN for failed delivery %s not sent yet: %s", failed.deliveryId(), e.toString());
            return false;
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
