package dev.mailplatform.delivery;

import dev.mailplatform.contracts.Json;
import dev.mailplatform.contracts.Topics;
import dev.mailplatform.contracts.events.AcceptedMail;
import dev.mailplatform.contracts.events.LocalDelivery;
import dev.mailplatform.contracts.events.OutboundMail;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Consumes accepted mail and publishes its deliveries. At least once: offsets are committed only after every
 * delivery of the batch is acknowledged by all in-sync replicas, and a failure rewinds to the last commit. The
 * mailbox service stores a redelivered {@link LocalDelivery} once (its delivery id is the idempotency key).
 */
@ApplicationScoped
public class AcceptedMailConsumer {
    private static final Logger LOG = Logger.getLogger(AcceptedMailConsumer.class);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;
    @ConfigProperty(name = "mail.delivery.group-id", defaultValue = "delivery-worker")
    String groupId;
    @ConfigProperty(name = "mail.delivery.max-poll-records", defaultValue = "200")
    int maxPollRecords;
    @ConfigProperty(name = "mail.delivery.retry-backoff", defaultValue = "PT2S")
    Duration retryBackoff;

    private final MeterRegistry registry;
    private final dev.mailplatform.delivery.relay.DeliveryMetrics metrics;
    private volatile boolean running;
    private volatile boolean healthy;
    private Thread thread;
    private KafkaConsumer<String, byte[]> consumer;
    private KafkaProducer<String, byte[]> producer;
    private Counter localCounter;
    private Counter outboundCounter;
    private Counter poisonCounter;

    AcceptedMailConsumer(MeterRegistry registry, dev.mailplatform.delivery.relay.DeliveryMetrics metrics) {
        this.registry = registry;
        this.metrics = metrics;
    }

    void onStart(@Observes StartupEvent event) {
        localCounter = registry.counter("mail_delivery_routed_total", "route", "local");
        outboundCounter = registry.counter("mail_delivery_routed_total", "route", "outbound");
        poisonCounter = registry.counter("mail_delivery_poison_records_total");
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, groupId,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxPollRecords,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), new ByteArrayDeserializer());
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 1,
                ProducerConfig.CLIENT_ID_CONFIG, groupId + "-producer"),
                new StringSerializer(), new ByteArraySerializer());
        running = true;
        thread = new Thread(this::run, "accepted-mail-consumer");
        thread.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        running = false;
        if (consumer != null) {
            consumer.wakeup();
        }
        if (thread != null) {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(15));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Ready while the consume loop runs and its last poll reached the broker. */
    public boolean isHealthy() {
        return running && healthy && thread != null && thread.isAlive();
    }

    private void run() {
        try {
            consumer.subscribe(List.of(Topics.ACCEPTED));
            while (running) {
                ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(500));
                healthy = true;
                if (records.isEmpty()) {
                    continue;
                }
                try {
                    publishDeliveries(records);
                    consumer.commitSync(nextOffsets(records));
                } catch (WakeupException e) {
                    throw e;
                } catch (Exception e) {
                    // nothing of this batch is committed: rewind and try again after a pause
                    LOG.errorf(e, "publishing deliveries failed; retrying %d records after %s", records.count(),
                            retryBackoff);
                    healthy = false;
                    rewindToCommitted(records.partitions());
                    sleep(retryBackoff);
                }
            }
        } catch (WakeupException e) {
            if (running) {
                LOG.error("consumer woken up unexpectedly", e);
            }
        } catch (RuntimeException e) {
            LOG.error("accepted-mail consumer stopped", e);
        } finally {
            running = false;
            consumer.close(Duration.ofSeconds(5));
            producer.close(Duration.ofSeconds(5));
        }
    }

    private void publishDeliveries(ConsumerRecords<String, byte[]> records) throws Exception {
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        List<java.time.Instant> localReceived = new ArrayList<>();
        int local = 0;
        int outbound = 0;
        for (ConsumerRecord<String, byte[]> record : records) {
            AcceptedMail mail;
            try {
                mail = Json.fromBytes(record.value(), AcceptedMail.class);
                if (mail.messageId() == null || mail.blobKey() == null || mail.recipients() == null) {
                    throw new IllegalArgumentException("missing messageId, blobKey or recipients");
                }
            } catch (RuntimeException e) {
                // a record no code version can read must not block the partition for the mail behind it
                poisonCounter.increment();
                LOG.errorf("skipping unreadable accepted-mail record at %s-%d@%d: %s", record.topic(),
                        record.partition(), record.offset(), e.getMessage());
                continue;
            }
            Router.Routes routes = Router.route(mail);
            for (LocalDelivery delivery : routes.local()) {
                acks.add(producer.send(new ProducerRecord<>(Topics.DELIVER_LOCAL, delivery.accountId().toString(),
                        Json.toBytes(delivery))));
                localReceived.add(mail.receivedAt());
                local++;
            }
            for (OutboundMail out : routes.outbound()) {
                acks.add(producer.send(new ProducerRecord<>(Topics.OUTBOUND, out.domain(), Json.toBytes(out))));
                outbound++;
            }
            LOG.debugf("message %s (trace %s): %d local, %d outbound", mail.messageId(), mail.traceId(),
                    routes.local().size(), routes.outbound().size());
        }
        for (Future<RecordMetadata> ack : acks) {
            ack.get(30, TimeUnit.SECONDS);
        }
        localCounter.increment(local);
        // local "delivered" means handed to the mailbox service's queue; its own failures come back as DSNs
        metrics.delivery("local", "delivered", local);
        java.time.Instant now = java.time.Instant.now();
        for (java.time.Instant received : localReceived) {
            if (received != null) {
                metrics.latency("local", Duration.between(received, now));
            }
        }
        outboundCounter.increment(outbound);
    }

    private static Map<TopicPartition, OffsetAndMetadata> nextOffsets(ConsumerRecords<String, byte[]> records) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition partition : records.partitions()) {
            List<ConsumerRecord<String, byte[]>> list = records.records(partition);
            offsets.put(partition, new OffsetAndMetadata(list.get(list.size() - 1).offset() + 1));
        }
        return offsets;
    }

    private void rewindToCommitted(Set<TopicPartition> partitions) {
        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(partitions);
        for (TopicPartition partition : partitions) {
            OffsetAndMetadata offset = committed.get(partition);
            if (offset != null) {
                consumer.seek(partition, offset.offset());
            } else {
                consumer.seekToBeginning(List.of(partition));
            }
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
