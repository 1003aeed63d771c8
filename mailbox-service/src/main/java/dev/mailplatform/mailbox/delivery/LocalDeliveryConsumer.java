package dev.mailplatform.mailbox.delivery;

import dev.mailplatform.contracts.Json;
import dev.mailplatform.contracts.Topics;
import dev.mailplatform.contracts.events.DeliveryFailed;
import dev.mailplatform.contracts.events.LocalDelivery;
import dev.mailplatform.contracts.events.MailboxChanged;
import dev.mailplatform.mailbox.config.MailboxServiceConfig;
import dev.mailplatform.mailbox.db.DatabaseException;
import dev.mailplatform.mailbox.events.MailboxEventPublisher;
import dev.mailplatform.mailbox.events.TopicInitializer;
import dev.mailplatform.mailbox.store.MailboxStore;
import dev.mailplatform.mailbox.store.MailboxStore.DeliveryOutcome;
import dev.mailplatform.mailbox.store.MailboxStore.PreparedDelivery;
import dev.mailplatform.mailbox.store.Blobs;
import dev.mailplatform.mailbox.mime.MessageContent;
import dev.mailplatform.mailbox.mime.ParsedMessage;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
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
    private final Counter failed;
    private final MessageContent content;
    private final ExecutorService parsers;
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile Thread thread;

    public LocalDeliveryConsumer(MailboxStore store, MailboxEventPublisher publisher, MessageContent content,
            MailboxServiceConfig config,
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers, MeterRegistry registry) {
        this.store = store;
        this.publisher = publisher;
        this.config = config;
        this.bootstrapServers = bootstrapServers;
        this.stored = deliveries(registry, "stored");
        this.duplicate = deliveries(registry, "duplicate");
        this.rejected = deliveries(registry, "rejected");
        this.failed = deliveries(registry, "failed");
        this.content = content;
        AtomicInteger threadNumber = new AtomicInteger();
        this.parsers = Executors.newFixedThreadPool(Math.max(1, config.delivery().parseThreads()), r -> {
            Thread t = new Thread(r, "delivery-parser-" + threadNumber.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
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
        parsers.shutdownNow();
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

    /** One record of a poll: its position, its delivery (null when unreadable) and its prepared form. */
    private static final class Item {
        final ConsumerRecord<String, byte[]> record;
        final LocalDelivery delivery;
        PreparedDelivery prepared;

        Item(ConsumerRecord<String, byte[]> record, LocalDelivery delivery) {
            this.record = record;
            this.delivery = delivery;
        }
    }

    /**
     * Stores a whole poll in one transaction (the throughput path: one commit, one round of event acks). Bodies are
     * read from S3 and parsed in parallel first, once per (tenant, blob) of the batch. Any failure of the fast path
     * falls back to record-by-record processing, which isolates a poison record and rewinds only its partition.
     * False when some partition was rewound for a retry.
     */
    private boolean processBatch(KafkaConsumer<String, byte[]> kafka, ConsumerRecords<String, byte[]> records) {
        List<Item> items = new ArrayList<>(records.count());
        for (ConsumerRecord<String, byte[]> record : records) {
            items.add(new Item(record, decode(record)));
        }
        boolean batched = false;
        if (items.size() > 1 && running.get()) {
            batched = storeBatch(items);
        }
        if (batched) {
            commit(kafka, items.stream().map(i -> i.record).toList());
            return true;
        }
        return processOneByOne(kafka, records);
    }

    private boolean storeBatch(List<Item> items) {
        List<Item> valid = items.stream().filter(i -> i.delivery != null).toList();
        try {
            prepare(valid);
        } catch (RuntimeException e) {
            LOG.debugf("batch preparation failed (%s); storing record by record", e.toString());
            return false;
        }
        List<DeliveryOutcome> outcomes;
        try {
            outcomes = store.deliverAll(valid.stream().map(i -> i.prepared).toList());
        } catch (RuntimeException e) {
            LOG.debugf("batch store failed (%s); storing record by record", e.toString());
            return false;
        }
        List<MailboxChanged> events = new ArrayList<>();
        List<DeliveryFailed> failures = new ArrayList<>();
        for (int i = 0; i < valid.size(); i++) {
            account(valid.get(i), outcomes.get(i), events, failures);
        }
        for (Item item : items) {
            if (item.delivery == null) {
                reject(item.record, "unreadable record");
            }
        }
        try {
            publisher.publish(events, failures);
        } catch (MailboxEventPublisher.PublishException e) {
            // everything is stored; the per-record retry finds duplicates and publishes their events again
            LOG.warnf("batch stored but events not published (%s); retrying record by record", e.getMessage());
            return false;
        }
        return true;
    }

    /** Reads and parses the bodies of the batch in parallel, once per (tenant, blob key) the tenant does not have. */
    private void prepare(List<Item> items) {
        Map<UUID, UUID> tenants = new HashMap<>();
        Map<UUID, java.util.Set<String>> keysByTenant = new HashMap<>();
        for (Item item : items) {
            LocalDelivery d = item.delivery;
            if (d.accountId() == null || d.blobKey() == null || d.blobKey().isBlank()) {
                continue;
            }
            UUID tenant = tenants.computeIfAbsent(d.accountId(), store::tenantOf);
            if (tenant != null) {
                keysByTenant.computeIfAbsent(tenant, t -> new java.util.HashSet<>()).add(d.blobKey());
            }
        }
        Map<UUID, java.util.Set<String>> known = new HashMap<>();
        keysByTenant.forEach((tenant, keys) -> known.put(tenant, store.knownBlobs(tenant, keys)));
        Map<String, java.util.concurrent.Future<ParsedMessage>> parses = new HashMap<>();
        List<java.util.concurrent.Future<ParsedMessage>> perItem = new ArrayList<>();
        for (Item item : items) {
            LocalDelivery d = item.delivery;
            UUID tenant = d.accountId() == null ? null : tenants.get(d.accountId());
            if (tenant == null || d.blobKey() == null || d.blobKey().isBlank()
                    || known.get(tenant).contains(d.blobKey())) {
                perItem.add(null);
                continue;
            }
            perItem.add(parses.computeIfAbsent(tenant + "/" + d.blobKey(),
                    k -> parsers.submit(() -> content.load(d.blobKey(), d.size()))));
        }
        for (int i = 0; i < items.size(); i++) {
            java.util.concurrent.Future<ParsedMessage> parse = perItem.get(i);
            ParsedMessage parsed = null;
            if (parse != null) {
                try {
                    parsed = parse.get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted", e);
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new IllegalStateException(e.getCause());
                }
            }
            items.get(i).prepared = new PreparedDelivery(items.get(i).delivery, parsed);
        }
    }

    private void account(Item item, DeliveryOutcome outcome, List<MailboxChanged> events,
            List<DeliveryFailed> failures) {
        LocalDelivery delivery = item.delivery;
        if (outcome instanceof DeliveryOutcome.Stored s) {
            stored.increment();
            events.add(s.event());
            LOG.debugf("stored delivery %s for account %s as uid %d (trace %s)", delivery.deliveryId(),
                    delivery.accountId(), s.event().uid(), delivery.traceId());
        } else if (outcome instanceof DeliveryOutcome.Duplicate d) {
            duplicate.increment();
            if (d.event() != null) {
                events.add(d.event());
            }
            LOG.infof("delivery %s for account %s was already stored", delivery.deliveryId(), delivery.accountId());
        } else if (outcome instanceof DeliveryOutcome.Failed f) {
            failed.increment();
            failures.add(f.event());
            LOG.infof("delivery %s for account %s failed permanently: %s %s (trace %s)", delivery.deliveryId(),
                    delivery.accountId(), f.event().status(), f.event().diagnostic(), delivery.traceId());
        } else if (outcome instanceof DeliveryOutcome.Rejected r) {
            reject(item.record, r.reason());
        }
    }

    private void commit(KafkaConsumer<String, byte[]> kafka, List<ConsumerRecord<String, byte[]>> records) {
        Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            done.merge(new TopicPartition(record.topic(), record.partition()),
                    new OffsetAndMetadata(record.offset() + 1),
                    (a, b) -> a.offset() >= b.offset() ? a : b);
        }
        try {
            kafka.commitSync(done);
        } catch (RuntimeException e) {
            // the records will come again and be recognised as duplicates
            LOG.warnf("offset commit failed (%s); records will be redelivered", e.toString());
        }
    }

    /** Processes the batch partition by partition; false when a transient failure rewound some partition. */
    private boolean processOneByOne(KafkaConsumer<String, byte[]> kafka, ConsumerRecords<String, byte[]> records) {
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

    private static LocalDelivery decode(ConsumerRecord<String, byte[]> record) {
        try {
            return record.value() == null ? null : Json.fromBytes(record.value(), LocalDelivery.class);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** True when the record is finished with (stored, duplicate, failed or rejected); false to retry it later. */
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
            Item item = new Item(record, delivery);
            prepare(List.of(item));
            outcome = deliverWithRetryOnVanishedBlob(item);
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
        List<DeliveryFailed> failures = new ArrayList<>(1);
        if (outcome instanceof DeliveryOutcome.Rejected r) {
            reject(record, r.reason());
            return true;
        }
        account(new Item(record, delivery), outcome, events, failures);
        try {
            publisher.publish(events, failures);
        } catch (MailboxEventPublisher.PublishException e) {
            // the message is stored; retrying makes it a duplicate, which publishes the event again
            LOG.warnf("delivery %s stored but its event was not published, will retry: %s", delivery.deliveryId(),
                    e.getMessage());
            return false;
        }
        return true;
    }

    private DeliveryOutcome deliverWithRetryOnVanishedBlob(Item item) {
        try {
            return store.deliverAll(List.of(item.prepared)).get(0);
        } catch (Blobs.BlobVanishedException e) {
            // the collector removed the tenant's row for this blob between preparation and storage: parse afresh
            ParsedMessage parsed = content.load(item.delivery.blobKey(), item.delivery.size());
            return store.deliverAll(List.of(new PreparedDelivery(item.delivery, parsed))).get(0);
        }
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
