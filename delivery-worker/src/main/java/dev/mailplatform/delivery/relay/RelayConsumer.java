package dev.mailplatform.delivery.relay;

import dev.mailplatform.contracts.Json;
import dev.mailplatform.contracts.events.OutboundMail;
import dev.mailplatform.delivery.config.RelayConfig;
import dev.mailplatform.delivery.smtp.RecipientOutcome;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

/**
 * Consumes the first-attempt topic and every retry stage. Records are handed to the {@link DomainDispatcher} and
 * finish in any order; the committed offset of a partition is its lowest unfinished record, so a crash re-runs only
 * unfinished work (and the journal stops it from re-sending recipients already accepted). A retry record that is not
 * due yet pauses its partition until it is: the thread never sleeps, other partitions keep flowing.
 */
public final class RelayConsumer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(RelayConsumer.class);

    private record Done(TopicPartition partition, long offset, long generation) {
    }

    /** Unfinished records of one partition (offset -> record timestamp) and the next offset to commit otherwise. */
    private static final class Progress {
        final TreeMap<Long, Long> pending = new TreeMap<>();
        final long generation;
        long next = -1;
        long committed = -1;
        long pausedHeadTimestamp = -1;

        Progress(long generation) {
            this.generation = generation;
        }

        long commitOffset() {
            return pending.isEmpty() ? next : pending.firstKey();
        }
    }

    private final RelayConfig config;
    private final KafkaConsumer<String, byte[]> consumer;
    private final List<String> topics;
    private final DomainDispatcher dispatcher;
    private final RemoteRelay relay;
    private final RelayOutcomes outcomes;
    private final RelayJournal journal;
    private final DeliveryMetrics metrics;
    private final ConcurrentLinkedQueue<Done> completions = new ConcurrentLinkedQueue<>();
    private final Map<TopicPartition, Progress> progress = new HashMap<>();
    private final Map<TopicPartition, Instant> resumeAt = new HashMap<>();
    private long generation;
    private volatile boolean running = true;
    private volatile boolean healthy;
    private final Thread thread;
    private long nextGaugeUpdate;
    private long nextCommitNanos;

    public RelayConsumer(String bootstrapServers, RelayConfig config, List<String> topics, DomainDispatcher dispatcher,
            RemoteRelay relay, RelayOutcomes outcomes, RelayJournal journal, DeliveryMetrics metrics) {
        this.config = config;
        this.topics = topics;
        this.dispatcher = dispatcher;
        this.relay = relay;
        this.outcomes = outcomes;
        this.journal = journal;
        this.metrics = metrics;
        this.consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, config.groupId(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), new ByteArrayDeserializer());
        this.thread = new Thread(this::run, "relay-consumer");
        thread.start();
    }

    public boolean isHealthy() {
        return running && healthy && thread.isAlive() && journal.isAlive();
    }

    private void run() {
        try {
            consumer.subscribe(topics, new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    applyCompletions();
                    commit(true);
                    for (TopicPartition p : partitions) {
                        progress.remove(p);
                        resumeAt.remove(p);
                    }
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    for (TopicPartition p : partitions) {
                        resumeAt.remove(p);
                    }
                }
            });
            while (running) {
                applyCompletions();
                commit(false);
                resumeDue();
                ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(200));
                healthy = true;
                updateGauges();
                if (records.isEmpty()) {
                    continue;
                }
                if (!journal.awaitCaughtUp(Duration.ofSeconds(30))) {
                    LOG.warn("relay journal not caught up within 30 s: relaying nothing until it is");
                    healthy = false;
                    for (TopicPartition p : records.partitions()) {
                        pauseAt(p, records.records(p).get(0), Instant.now().plusSeconds(1));
                    }
                    continue;
                }
                for (TopicPartition p : records.partitions()) {
                    dispatch(p, records.records(p));
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("relay consumer stopped", e);
        } finally {
            running = false;
            try {
                applyCompletions();
                commit(true);
            } catch (RuntimeException e) {
                LOG.debug("final commit failed", e);
            }
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void dispatch(TopicPartition partition, List<ConsumerRecord<String, byte[]>> records) {
        Progress p = progress.computeIfAbsent(partition, tp -> new Progress(++generation));
        Instant now = Instant.now();
        for (ConsumerRecord<String, byte[]> record : records) {
            OutboundMail mail;
            try {
                mail = Json.fromBytes(record.value(), OutboundMail.class);
                if (mail.outboundId() == null || mail.domain() == null || mail.blobKey() == null) {
                    throw new IllegalArgumentException("missing outboundId, domain or blobKey");
                }
            } catch (RuntimeException e) {
                LOG.errorf("skipping unreadable outbound record at %s-%d@%d: %s", record.topic(), record.partition(),
                        record.offset(), e.getMessage());
                p.next = record.offset() + 1;
                continue;
            }
            if (mail.notBefore() != null && mail.notBefore().isAfter(now)) {
                pauseAt(partition, record, mail.notBefore());
                return;
            }
            if (p.pending.size() >= config.maxInFlightPerPartition()) {
                pauseAt(partition, record, now.plusMillis(200));
                return;
            }
            p.pending.put(record.offset(), record.timestamp());
            p.next = record.offset() + 1;
            p.pausedHeadTimestamp = -1;
            Done done = new Done(partition, record.offset(), p.generation);
            dispatcher.submit(mail.domain(), task(mail, done));
        }
    }

    private Runnable task(OutboundMail mail, Done done) {
        return new Runnable() {
            @Override
            public void run() {
                if (!running) {
                    return;
                }
                try {
                    List<String> pending = new ArrayList<>(mail.recipients());
                    pending.removeAll(journal.done(mail.outboundId()));
                    if (!pending.isEmpty()) {
                        Map<String, RecipientOutcome> result = relay.attempt(mail, pending);
                        outcomes.apply(mail, result, Instant.now());
                    } else {
                        LOG.debugf("%s: every recipient already finished (journal)", mail.outboundId());
                    }
                    completions.add(done);
                } catch (Exception e) {
                    // S3, Kafka or the mailbox service failed: nothing was decided, try the same record again later
                    LOG.errorf("%s: attempt failed internally (%s); retrying in %s", mail.outboundId(), e.toString(),
                            config.retry().internalErrorBackoff());
                    dispatcher.submitAfter(mail.domain(), this, config.retry().internalErrorBackoff());
                }
            }
        };
    }

    private void pauseAt(TopicPartition partition, ConsumerRecord<String, byte[]> record, Instant until) {
        consumer.pause(Set.of(partition));
        consumer.seek(partition, record.offset());
        resumeAt.put(partition, until);
        Progress p = progress.computeIfAbsent(partition, tp -> new Progress(++generation));
        p.pausedHeadTimestamp = record.timestamp();
        if (p.pending.isEmpty() && p.next < record.offset()) {
            p.next = record.offset();
        }
    }

    private void resumeDue() {
        if (resumeAt.isEmpty()) {
            return;
        }
        Instant now = Instant.now();
        List<TopicPartition> due = new ArrayList<>();
        resumeAt.forEach((p, at) -> {
            if (!at.isAfter(now)) {
                due.add(p);
            }
        });
        for (TopicPartition p : due) {
            resumeAt.remove(p);
        }
        Set<TopicPartition> assigned = consumer.assignment();
        due.removeIf(p -> !assigned.contains(p));
        if (!due.isEmpty()) {
            consumer.resume(due);
        }
    }

    private void applyCompletions() {
        Done d;
        while ((d = completions.poll()) != null) {
            Progress p = progress.get(d.partition());
            if (p != null && p.generation == d.generation()) {
                p.pending.remove(d.offset());
            }
        }
    }

    /** Commits finished offsets; {@code now} ignores the commit interval (rebalance, shutdown). */
    private void commit(boolean now) {
        if (!now && System.nanoTime() - nextCommitNanos < 0) {
            return;
        }
        nextCommitNanos = System.nanoTime() + config.commitInterval().toNanos();
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        progress.forEach((tp, p) -> {
            long offset = p.commitOffset();
            if (offset >= 0 && offset > p.committed) {
                offsets.put(tp, new OffsetAndMetadata(offset));
            }
        });
        if (offsets.isEmpty()) {
            return;
        }
        try {
            consumer.commitSync(offsets, Duration.ofSeconds(10));
            offsets.forEach((tp, o) -> {
                Progress p = progress.get(tp);
                if (p != null) {
                    p.committed = o.offset();
                }
            });
        } catch (RuntimeException e) {
            if (e instanceof WakeupException w) {
                throw w;
            }
            LOG.warnf("offset commit failed (%s); the records will be committed later or re-run", e.getMessage());
        }
    }

    /** Queue depth (lag + unfinished) and oldest unfinished record's age, per retry stage, every 5 s. */
    private void updateGauges() {
        long nowMillis = System.currentTimeMillis();
        if (nowMillis < nextGaugeUpdate) {
            return;
        }
        nextGaugeUpdate = nowMillis + 5_000;
        Map<Integer, Long> depth = new HashMap<>();
        Map<Integer, Long> oldest = new HashMap<>();
        for (TopicPartition tp : consumer.assignment()) {
            int stage = RelayTopics.stageOf(tp.topic());
            OptionalLong lag = consumer.currentLag(tp);
            Progress p = progress.get(tp);
            long unfinished = p == null ? 0 : p.pending.size();
            depth.merge(stage, (lag.isPresent() ? lag.getAsLong() : 0) + unfinished, Long::sum);
            long head = -1;
            if (p != null && !p.pending.isEmpty()) {
                head = p.pending.firstEntry().getValue();
            } else if (p != null && p.pausedHeadTimestamp > 0) {
                head = p.pausedHeadTimestamp;
            }
            if (head > 0) {
                oldest.merge(stage, head, Math::min);
            }
        }
        for (int stage = 0; stage < topics.size(); stage++) {
            Long o = oldest.get(stage);
            metrics.queue(stage, depth.getOrDefault(stage, 0L),
                    o == null ? Duration.ZERO : Duration.ofMillis(Math.max(0, nowMillis - o)));
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(15_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
