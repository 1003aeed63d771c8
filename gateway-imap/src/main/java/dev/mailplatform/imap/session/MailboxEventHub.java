package dev.mailplatform.imap.session;

import dev.mailplatform.contracts.Json;
import dev.mailplatform.contracts.Topics;
import dev.mailplatform.contracts.events.MailboxChanged;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.jboss.logging.Logger;

/**
 * Feeds {@link Topics#MAILBOX_CHANGED} to the sessions of this node. Each gateway node consumes in its own consumer
 * group (a random id, starting at the end of the log) because every node must see every event: the change may
 * concern an idle client on any of them. Events are only hints that make sessions look again, so losing some while
 * a node starts is harmless: NOOP and the next command still find the change.
 *
 * <p>One thread polls; listeners get the event on their own event loop via the callback they registered.
 */
public final class MailboxEventHub implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(MailboxEventHub.class);

    private final Map<UUID, Set<Consumer<MailboxChanged>>> listeners = new ConcurrentHashMap<>();
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Thread thread;
    private final CountDownLatch assigned = new CountDownLatch(1);
    private volatile boolean running = true;
    private boolean started;

    public MailboxEventHub(String bootstrapServers, String nodeName) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "gateway-imap-" + nodeName + "-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        // offsets are never needed again: the group is this process's alone
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "50"); // push latency matters more than batching here
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "gateway-imap-events-" + nodeName);
        consumer = new KafkaConsumer<>(props);
        thread = new Thread(this::run, "imap-mailbox-events-" + nodeName);
        thread.setDaemon(true);
    }

    public MailboxEventHub start() {
        started = true;
        thread.start();
        return this;
    }

    /** Waits until partitions are assigned, so events published from now on reach this node (for tests, readiness). */
    public boolean awaitAssignment(Duration timeout) throws InterruptedException {
        return assigned.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public boolean isAssigned() {
        return assigned.getCount() == 0;
    }

    public void register(UUID accountId, Consumer<MailboxChanged> listener) {
        listeners.computeIfAbsent(accountId, k -> ConcurrentHashMap.newKeySet()).add(listener);
    }

    public void unregister(UUID accountId, Consumer<MailboxChanged> listener) {
        listeners.computeIfPresent(accountId, (k, set) -> {
            set.remove(listener);
            return set.isEmpty() ? null : set;
        });
    }

    /** Delivers an event as if it came from Kafka (the node's own changes reach its sessions at once). */
    public void dispatch(MailboxChanged event) {
        Set<Consumer<MailboxChanged>> targets = listeners.get(event.accountId());
        if (targets != null) {
            for (Consumer<MailboxChanged> listener : targets) {
                listener.accept(event);
            }
        }
    }

    private void run() {
        try {
            consumer.subscribe(List.of(Topics.MAILBOX_CHANGED), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    if (!partitions.isEmpty()) {
                        // position at the end now, so the first poll does not wait for the reset
                        consumer.seekToEnd(partitions);
                        partitions.forEach(consumer::position);
                        assigned.countDown();
                    }
                }
            });
            while (running) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    handle(record);
                }
            }
        } catch (WakeupException e) {
            if (running) {
                LOG.error("mailbox event consumer woken up unexpectedly", e);
            }
        } catch (RuntimeException e) {
            LOG.error("mailbox event consumer stopped; IDLE push is degraded to polling on commands", e);
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    private void handle(ConsumerRecord<byte[], byte[]> record) {
        MailboxChanged event;
        try {
            event = Json.fromBytes(record.value(), MailboxChanged.class);
        } catch (RuntimeException e) {
            LOG.warnf("unreadable mailbox event at %s-%d@%d: %s", record.topic(), record.partition(),
                    record.offset(), e.getMessage());
            return;
        }
        if (event.accountId() != null) {
            dispatch(event);
        }
    }

    @Override
    public void close() {
        running = false;
        if (!started) {
            consumer.close(Duration.ZERO);
            return;
        }
        consumer.wakeup();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
