package dev.mailplatform.delivery.relay;

import dev.mailplatform.contracts.Json;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

/**
 * Which recipients of each outbound message are finished, so a recipient whose 250 was recorded is never sent again:
 * not after a crash between the 250 and the offset commit, not when a duplicate retry record turns up. Every replica
 * reads the whole compacted journal topic into memory (entries expire with the topic's retention, a little longer
 * than the retry expiry) and, before relaying a batch, waits until it has read everything written so far.
 */
public final class RelayJournal implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(RelayJournal.class);

    private final Map<String, Set<String>> done = new ConcurrentHashMap<>();
    private final KafkaProducer<String, byte[]> producer;
    private final KafkaConsumer<String, byte[]> consumer;
    private final Object caughtUpLock = new Object();
    private volatile boolean running = true;
    private volatile long caughtUpAtNanos = Long.MIN_VALUE;
    private final Thread reader;

    public RelayJournal(String bootstrapServers, KafkaProducer<String, byte[]> producer, List<TopicPartition> partitions) {
        this.producer = producer;
        this.consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.CLIENT_ID_CONFIG, "delivery-worker-journal-" + ProcessHandle.current().pid()),
                new StringDeserializer(), new ByteArrayDeserializer());
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        this.reader = new Thread(() -> read(partitions), "relay-journal-reader");
        reader.setDaemon(true);
        reader.start();
    }

    private void read(List<TopicPartition> partitions) {
        try {
            while (running) {
                long started = System.nanoTime();
                Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(10));
                boolean caughtUp = true;
                for (TopicPartition p : partitions) {
                    if (consumer.position(p) < end.getOrDefault(p, 0L)) {
                        caughtUp = false;
                    }
                }
                if (caughtUp) {
                    synchronized (caughtUpLock) {
                        caughtUpAtNanos = started;
                        caughtUpLock.notifyAll();
                    }
                }
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(caughtUp ? 100 : 0))) {
                    apply(r);
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            LOG.error("the relay journal reader stopped; the relay waits for it and defers work", e);
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    private void apply(ConsumerRecord<String, byte[]> r) {
        if (r.value() == null) {
            done.remove(r.key());
            return;
        }
        try {
            JournalEntry entry = Json.fromBytes(r.value(), JournalEntry.class);
            done.computeIfAbsent(entry.outboundId(), k -> ConcurrentHashMap.newKeySet()).addAll(entry.done());
        } catch (RuntimeException e) {
            LOG.warnf("unreadable journal record at offset %d: %s", r.offset(), e.getMessage());
        }
    }

    /**
     * Blocks until the journal holds every record acknowledged before this call, or the timeout passes.
     *
     * @return false on timeout: the caller must not relay (it could send a recipient twice)
     */
    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        long asked = System.nanoTime();
        long deadline = asked + timeout.toNanos();
        synchronized (caughtUpLock) {
            while (caughtUpAtNanos - asked < 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !reader.isAlive()) {
                    return false;
                }
                caughtUpLock.wait(Math.max(1, left / 1_000_000));
            }
        }
        return true;
    }

    /** Finished recipients (as addressed in the outbound record) of this outbound message. */
    public Set<String> done(String outboundId) {
        Set<String> set = done.get(outboundId);
        return set == null ? Set.of() : Set.copyOf(set);
    }

    /** Records more finished recipients; the returned future completes when the broker has them (acks=all). */
    public Future<RecordMetadata> record(String outboundId, Set<String> finished) {
        Set<String> all = new HashSet<>(done(outboundId));
        all.addAll(finished);
        done.computeIfAbsent(outboundId, k -> ConcurrentHashMap.newKeySet()).addAll(finished);
        return producer.send(new ProducerRecord<>(RelayTopics.JOURNAL, outboundId,
                Json.toBytes(new JournalEntry(outboundId, all))));
    }

    public boolean isAlive() {
        return reader.isAlive();
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            reader.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
