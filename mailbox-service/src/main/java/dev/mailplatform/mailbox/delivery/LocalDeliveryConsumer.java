package dev.mailplatform.mailbox.delivery;

import dev.mailplatform.contracts.Json;
import dev.mailplatform.contracts.Topics;
import dev.mailplatform.contracts.events.LocalDelivery;
import dev.mailplatform.contracts.events.MailboxChanged;
import dev.mailplatform.mailbox.config.MailboxServiceConfig;
import dev.mailplatform.mailbox.db.DatabaseException;
import dev.mailplatform.mailbox.events.MailboxEventPublisher;
import dev.mailplatform.mailbox.events.TopicInitializer;
import dev.mailplatform.mailbox.store.MailboxStore;
import dev.mailplatform.mailbox.store.MailboxStore.DeliveryOutcome;
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
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Consumes {@link Topics#DELIVER_LOCAL} on its own thread and stores each message in the account's INBOX.
 *
 * <p>Order of effects per record, so that a crash at any point loses nothing and duplicates nothing: (1) one database
 * transaction stores the message, deduplicated by (account, delivery id); (2) the mailbox-changed event is published
 * and acknowledged; (3) only then is the offset committed. A crash before (3) redelivers the record, which (1) turns
 * into a duplicate that re-publishes its event. A record that can never be stored (poison) is logged, counted as
 * rejected and skipped, so it cannot block its partition. A transient failure (database or broker away) rewinds the
 * partition to the failed record and retries after a pause.
 */
@ApplicationScoped
public class LocalDeliveryConsumer {
    private static final Logger LOG = Logger.getLogger(LocalDeliveryConsumer.class);

    private final MailboxStore store;
    private final MailboxEventPublisher publisher;
    private final MailboxServiceConfig config;
    private final String bootstrapServers;
    private final Counter stored;
    private final Counter duplicate;
    private final Counter rejected;
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile Thread thread;

    public LocalDeliveryConsumer(MailboxStore store, MailboxEventPublisher publisher, MailboxServiceConfig config,
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers, MeterRegistry registry) {
        this.store = store;
        this.publisher = publisher;
        this.config = config;
        this.bootstrapServers = bootstrapServers;
        this.stored = deliveries(registry, "stored");
        this.duplicate = deliveries(registry, "duplicate");
        this.rejected = deliveries(registry, "rejected");
    }

    private static Counter deliveries(MeterRegistry registry, String result) {
        // exported by the Prometheus registry as mail_mailbox_deliveries_total{result=...}
        return Counter.builder("mail.mailbox.deliveries")
                .description("Local deliveries consumed, by outcome")
                .tag("result", result)
                .register(registry);
    }

    void onStart(@Observes StartupEvent event) {
        if (!config.delivery().enabled()) {
            LOG.info("local-delivery consumer disabled by configuration");
            return;
        }
        running.set(true);
        thread = new Thread(this::run, "local-delivery-consumer");
        thread.setDaemon(true);
        thread.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        running.set(false);
        KafkaConsumer<String, byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        Thread worker = thread;
        if (worker != null) {
            try {
                worker.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** True while the consumer thread is polling; used by the readiness check. */
    public boolean isRunning() {
        Thread worker = thread;
        return worker != null && worker.isAlive();
    }

    private void run() {
        if (config.events().createTopics()) {
            TopicInitializer.ensureTopics(bootstrapServers, config.events());
        }
        try (KafkaConsumer<String, byte[]> kafka = new KafkaConsumer<>(consumerProperties(), new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer = kafka;
            if (!running.get()) {
                return; // shutdown arrived before the consumer existed, so its wakeup() could not reach us
            }
            kafka.subscribe(List.of(Topics.DELIVER_LOCAL));
            LOG.infof("consuming %s as group %s", Topics.DELIVER_LOCAL, config.delivery().consumerGroup());
            while (running.get()) {
                ConsumerRecords<String, byte[]> records = kafka.poll(config.delivery().pollTimeout());
                if (!records.isEmpty() && !processBatch(kafka, records)) {
                    sleep(config.delivery().retryBackoff());
                }
            }
        } catch (WakeupException e) {
            if (running.get()) {
                LOG.error("local-delivery consumer woken up unexpectedly", e);
            }
        } catch (RuntimeException e) {
            LOG.error("local-delivery consumer stopped by an unexpected failure", e);
        } finally {
            consumer = null;
            LOG.info("local-delivery consumer stopped");
        }
    }

    /** Processes the batch partition by partition; false when a transient failure rewound some partition. */
    private boolean processBatch(KafkaConsumer<String, byte[]> kafka, ConsumerRecords<String, byte[]> records) {
        Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
        boolean complete = true;
        for (TopicPartition partition : records.partitions()) {
            for (ConsumerRecord<String, byte[]> record : records.records(partition)) {
                if (!running.get()) {
                    kafka.seek(partition, record.offset());
                    complete = false;
                    break;
                }
                if (!process(record)) {
                    // retry this record (and what follows it) after the pause; order per account is preserved
                    kafka.seek(partition, record.offset());
                    complete = false;
                    break;
                }
                done.put(partition, new OffsetAndMetadata(record.offset() + 1));
            }
        }
        if (!done.isEmpty()) {
            try {
                kafka.commitSync(done);
            } catch (RuntimeException e) {
                // the records will come again and be recognised as duplicates
                LOG.warnf("offset commit failed (%s); records will be redelivered", e.toString());
            }
        }
        return complete;
    }

    /** True when the record is finished with (stored, duplicate or rejected); false to retry it later. */
    private boolean process(ConsumerRecord<String, byte[]> record) {
        LocalDelivery delivery;
        try {
            delivery = Json.fromBytes(record.value(), LocalDelivery.class);
        } catch (RuntimeException e) {
            reject(record, "unreadable JSON: " + e.getMessage());
            return true;
        }
        if (delivery == null) {
            reject(record, "empty record");
            return true;
        }
        DeliveryOutcome outcome;
        try {
            outcome = store.deliver(delivery);
        } catch (DatabaseException e) {
            if (e.isTransient()) {
                LOG.warnf("delivery %s not stored yet, will retry: %s", delivery.deliveryId(), e.getMessage());
                return false;
            }
            // a constraint or data error repeats on every retry: treat it as poison
            reject(record, "database refused it (" + e.sqlState() + "): " + e.getMessage());
            return true;
        } catch (RuntimeException e) {
            LOG.warnf(e, "delivery %s not stored yet, will retry", delivery.deliveryId());
            return false;
        }
        List<MailboxChanged> events = new ArrayList<>(1);
        if (outcome instanceof DeliveryOutcome.Stored s) {
            stored.increment();
            events.add(s.event());
            LOG.infof("stored delivery %s for account %s as uid %d (trace %s)", delivery.deliveryId(),
                    delivery.accountId(), s.event().uid(), delivery.traceId());
        } else if (outcome instanceof DeliveryOutcome.Duplicate d) {
            duplicate.increment();
            if (d.event() != null) {
                events.add(d.event());
            }
            LOG.infof("delivery %s for account %s was already stored", delivery.deliveryId(), delivery.accountId());
        } else if (outcome instanceof DeliveryOutcome.Rejected r) {
            reject(record, r.reason());
            return true;
        }
        try {
            publisher.publish(events);
        } catch (MailboxEventPublisher.PublishException e) {
            // the message is stored; retrying makes it a duplicate, which publishes the event again
            LOG.warnf("delivery %s stored but its event was not published, will retry: %s", delivery.deliveryId(),
                    e.getMessage());
            return false;
        }
        return true;
    }

    private void reject(ConsumerRecord<String, byte[]> record, String reason) {
        rejected.increment();
        LOG.errorf("rejected local delivery at %s-%d offset %d (key %s): %s", record.topic(), record.partition(),
                record.offset(), record.key(), reason);
    }

    private Properties consumerProperties() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, config.delivery().consumerGroup());
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "mailbox-service-local-delivery");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, config.delivery().maxPollRecords());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return props;
    }

    private void sleep(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running.set(false);
        }
    }
}
