package dev.mailplatform.mailbox.blob;

import dev.mailplatform.blobstore.BlobStore;
import dev.mailplatform.mailbox.config.MailboxServiceConfig;
import dev.mailplatform.mailbox.db.Database;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.minio.MinioClient;
import io.minio.StatObjectArgs;
import io.minio.errors.ErrorResponseException;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Deletes message bodies nobody references any more. A blob row whose count has been 0 for the grace period is
 * re-checked in its own transaction under an exclusive advisory lock on the key (every new reference takes the shared
 * one, see {@code store.Blobs}) and with the row locked; the S3 object goes only when no tenant has a row for the key
 * and it was not re-uploaded after its count reached 0 (a gateway may have stored the same bytes again for a delivery
 * that is still on its way). A failed S3 delete rolls the row back, so the next run retries.
 */
@ApplicationScoped
public class BlobCollector {
    private static final Logger LOG = Logger.getLogger(BlobCollector.class);

    private final Database db;
    private final BlobStore blobs;
    private final MinioClient s3;
    private final String bucket;
    private final MailboxServiceConfig.Blobs config;
    private final Counter collected;

    public BlobCollector(Database db, BlobStore blobs, MailboxServiceConfig config, MeterRegistry registry,
            @ConfigProperty(name = "mail.s3.endpoint") String endpoint,
            @ConfigProperty(name = "mail.s3.access-key") String accessKey,
            @ConfigProperty(name = "mail.s3.secret-key") String secretKey,
            @ConfigProperty(name = "mail.s3.region", defaultValue = "us-east-1") String region) {
        this.db = db;
        this.blobs = blobs;
        this.bucket = blobs.bucket();
        this.config = config.blobs();
        // only for the object's last-modified time, which BlobStore does not expose
        this.s3 = MinioClient.builder().endpoint(endpoint).credentials(accessKey, secretKey).region(region).build();
        this.collected = Counter.builder("mail.mailbox.blobs.collected")
                .description("Message bodies deleted from object storage by the garbage collector")
                .register(registry);
    }

    @Scheduled(every = "${mail.mailbox.blobs.gc-interval:10m}", delay = 1,
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        if (!config.gcEnabled()) {
            return;
        }
        try {
            int n = collect();
            if (n > 0) {
                LOG.infof("blob collector deleted %d unreferenced blobs", n);
            }
        } catch (RuntimeException e) {
            LOG.warnf("blob collector run failed: %s", e.toString());
        }
    }

    private record Candidate(UUID tenantId, String blobKey) {
    }

    /** One collector run; returns how many tenant blob rows were removed. */
    public int collect() {
        return collect(config.gcGracePeriod());
    }

    /** One run with an explicit grace period (tests, operator tooling). */
    public int collect(java.time.Duration gracePeriod) {
        Instant cutoff = Instant.now().minus(gracePeriod);
        List<Candidate> candidates = db.read(c -> {
            try (PreparedStatement query = c.prepareStatement("""
                    SELECT tenant_id, blob_key FROM blobs WHERE refcount = 0 AND zero_since < ?
                    ORDER BY zero_since LIMIT ?""")) {
                query.setTimestamp(1, Timestamp.from(cutoff));
                query.setInt(2, config.gcBatchSize());
                List<Candidate> out = new ArrayList<>();
                try (ResultSet row = query.executeQuery()) {
                    while (row.next()) {
                        out.add(new Candidate(row.getObject(1, UUID.class), row.getString(2)));
                    }
                }
                return out;
            }
        });
        int removed = 0;
        for (Candidate candidate : candidates) {
            try {
                if (collect(candidate, cutoff)) {
                    removed++;
                }
            } catch (RuntimeException e) {
                LOG.warnf("could not collect blob %s: %s", candidate.blobKey(), e.toString());
            }
        }
        return removed;
    }

    private boolean collect(Candidate candidate, Instant cutoff) {
        return db.inTransaction(c -> {
            try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))")) {
                lock.setString(1, candidate.blobKey());
                lock.executeQuery().close();
            }
            Instant zeroSince;
            try (PreparedStatement query = c.prepareStatement("""
                    SELECT refcount, zero_since FROM blobs WHERE tenant_id = ? AND blob_key = ? FOR UPDATE""")) {
                query.setObject(1, candidate.tenantId());
                query.setString(2, candidate.blobKey());
                try (ResultSet row = query.executeQuery()) {
                    if (!row.next() || row.getInt(1) > 0 || row.getTimestamp(2) == null
                            || !row.getTimestamp(2).toInstant().isBefore(cutoff)) {
                        return false; // referenced again since the candidate list was read
                    }
                    zeroSince = row.getTimestamp(2).toInstant();
                }
            }
            try (PreparedStatement delete = c.prepareStatement(
                    "DELETE FROM blobs WHERE tenant_id = ? AND blob_key = ?")) {
                delete.setObject(1, candidate.tenantId());
                delete.setString(2, candidate.blobKey());
                delete.executeUpdate();
            }
            boolean sharedWithAnotherTenant;
            try (PreparedStatement query = c.prepareStatement("SELECT 1 FROM blobs WHERE blob_key = ? LIMIT 1")) {
                query.setString(1, candidate.blobKey());
                try (ResultSet row = query.executeQuery()) {
                    sharedWithAnotherTenant = row.next();
                }
            }
            if (!sharedWithAnotherTenant && !reuploadedSince(candidate.blobKey(), zeroSince)) {
                blobs.delete(candidate.blobKey()); // throws: the transaction rolls back and the row stays
                collected.increment();
            }
            return true;
        });
    }

    private boolean reuploadedSince(String key, Instant zeroSince) {
        try {
            Instant modified = s3.statObject(StatObjectArgs.builder().bucket(bucket).object(key).build())
                    .lastModified().toInstant();
            return modified.isAfter(zeroSince);
        } catch (ErrorResponseException e) {
            if (e.errorResponse() != null && "NoSuchKey".equals(e.errorResponse().code())) {
                return false;
            }
            throw new IllegalStateException("cannot stat " + key, e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot stat " + key, e);
        }
    }

    @PreDestroy
    void close() {
        try {
            s3.close();
        } catch (Exception e) {
            LOG.debug("closing the S3 client failed", e);
        }
    }
}
