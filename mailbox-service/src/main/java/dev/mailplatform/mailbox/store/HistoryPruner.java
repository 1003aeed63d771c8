package dev.mailplatform.mailbox.store;

import dev.mailplatform.mailbox.config.MailboxServiceConfig;
import dev.mailplatform.mailbox.db.Database;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * Deletes the history that would otherwise grow with every message a user ever received or deleted: expunge
 * tombstones (QRESYNC's VANISHED) and delivery claims older than {@code mail.mailbox.history.retention}. A mailbox
 * remembers the highest MODSEQ whose tombstones went ({@code expunges_pruned_through}), so that {@link
 * MailboxStore#changes} can tell a client asking from before it that the list of vanished UIDs is not complete.
 */
@ApplicationScoped
public class HistoryPruner {
    private static final Logger LOG = Logger.getLogger(HistoryPruner.class);

    /**
     * One batch of old tombstones and, in the same statement (so that no reader sees them gone without the mark),
     * each of their mailboxes' pruned-through MODSEQ raised to the highest of them. Should the update of the mailbox
     * rows deadlock with a writer, {@link Database#inTransaction} runs the batch again.
     */
    private static final String PRUNE_TOMBSTONES = """
            WITH pruned AS (
                DELETE FROM expunged_messages e
                WHERE (e.mailbox_id, e.uid) IN (
                    SELECT mailbox_id, uid FROM expunged_messages WHERE expunged_at < ? LIMIT ?)
                RETURNING e.mailbox_id, e.modseq),
            marked AS (
                UPDATE mailboxes b SET expunges_pruned_through = GREATEST(b.expunges_pruned_through, p.modseq)
                FROM (SELECT mailbox_id, max(modseq) AS modseq FROM pruned GROUP BY mailbox_id) p
                WHERE b.id = p.mailbox_id)
            SELECT count(*) FROM pruned""";

    private static final String PRUNE_DELIVERIES = """
            WITH pruned AS (
                DELETE FROM deliveries WHERE (account_id, delivery_id) IN (
                    SELECT account_id, delivery_id FROM deliveries WHERE delivered_at < ? LIMIT ?)
                RETURNING 1)
            SELECT count(*) FROM pruned""";

    private final Database db;
    private final MailboxServiceConfig.History config;
    private final Counter tombstones;
    private final Counter deliveries;

    public HistoryPruner(Database db, MailboxServiceConfig config, MeterRegistry registry) {
        this.db = db;
        this.config = config.history();
        this.tombstones = pruned(registry, "expunge-tombstone");
        this.deliveries = pruned(registry, "delivery-claim");
    }

    private static Counter pruned(MeterRegistry registry, String kind) {
        return Counter.builder("mail.mailbox.history.pruned").tag("kind", kind)
                .description("History rows deleted after the retention period").register(registry);
    }

    @Scheduled(every = "${mail.mailbox.history.prune-interval:1h}", delay = 5,
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        if (!config.pruneEnabled()) {
            return;
        }
        try {
            Pruned pruned = prune(config.retention());
            if (pruned.tombstones() + pruned.deliveries() > 0) {
                LOG.infof("history pruner deleted %d expunge tombstones and %d delivery claims older than %s",
                        pruned.tombstones(), pruned.deliveries(), config.retention());
            }
        } catch (RuntimeException e) {
            LOG.warnf("history pruner run failed: %s", e.toString());
        }
    }

    /** What one run deleted. */
    public record Pruned(long tombstones, long deliveries) {
    }

    /** Deletes everything older than {@code retention}, batch by batch (tests and operator tooling call it too). */
    public Pruned prune(Duration retention) {
        Timestamp cutoff = Timestamp.from(Instant.now().minus(retention));
        return new Pruned(pruneAll(PRUNE_TOMBSTONES, cutoff, tombstones),
                pruneAll(PRUNE_DELIVERIES, cutoff, deliveries));
    }

    /** Runs {@code statement} (cutoff, batch size -> rows deleted) until a batch finds fewer rows than it may delete. */
    private long pruneAll(String statement, Timestamp cutoff, Counter counter) {
        int batch = config.pruneBatchSize();
        long total = 0;
        long n;
        do {
            n = db.inTransaction(c -> {
                try (PreparedStatement prune = c.prepareStatement(statement)) {
                    prune.setTimestamp(1, cutoff);
                    prune.setInt(2, batch);
                    try (ResultSet row = prune.executeQuery()) {
                        row.next();
                        return row.getLong(1);
                    }
                }
            });
            counter.increment(n);
            total += n;
        } while (n == batch);
        return total;
    }
}
