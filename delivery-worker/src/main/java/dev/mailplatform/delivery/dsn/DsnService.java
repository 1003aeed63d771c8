package dev.mailplatform.delivery.dsn;

import dev.mailplatform.blobstore.BlobKeys;
import dev.mailplatform.blobstore.BlobStore;
import dev.mailplatform.contracts.Json;
import dev.mailplatform.contracts.Topics;
import dev.mailplatform.contracts.api.RecipientResolution;
import dev.mailplatform.contracts.events.AcceptedMail;
import dev.mailplatform.contracts.events.EnvelopeRecipient;
import dev.mailplatform.delivery.relay.DeliveryMetrics;
import dev.mailplatform.delivery.relay.RelayProducer;
import dev.mailplatform.mailboxclient.MailboxClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.jboss.logging.Logger;

/**
 * Sends delivery status notifications through the normal pipeline: the report goes to S3 and a new accepted
 * message with the null reverse-path goes on {@link Topics#ACCEPTED}, so it lands in a local sender's INBOX or is
 * relayed to a remote one like any other mail. Loop protection: never a DSN to the null sender (RFC 3464 §2 and
 * RFC 5321 §4.5.5), and the DSN itself has the null sender, so it can never cause another. Blocking (S3, HTTP):
 * relay threads only.
 */
@ApplicationScoped
public class DsnService {
    private static final Logger LOG = Logger.getLogger(DsnService.class);

    /** What one DSN is about. {@code sourceId} + kind make the DSN's idempotency key. */
    public record Request(String sourceId, String traceId, String mailFrom, String blobKey, String envelopeId,
            String ret, Instant arrival, boolean delayed, List<DsnReport.Recipient> recipients) {
    }

    private final BlobStore blobs;
    private final MailboxClient mailbox;
    private final RelayProducer producer;
    private final DeliveryMetrics metrics;
    private final ReportingMta reportingMta;

    DsnService(BlobStore blobs, MailboxClient mailbox, RelayProducer producer, DeliveryMetrics metrics,
            ReportingMta reportingMta) {
        this.blobs = blobs;
        this.mailbox = mailbox;
        this.producer = producer;
        this.metrics = metrics;
        this.reportingMta = reportingMta;
    }

    /**
     * Builds and publishes the DSN. Returns the Kafka acknowledgement to wait for, or empty when no DSN is due (null
     * sender, nobody asked, unknown local sender).
     */
    public Optional<Future<RecordMetadata>> send(Request request) throws IOException {
        if (request.mailFrom() == null || request.mailFrom().isBlank()) {
            LOG.debugf("no DSN for %s: the null sender is never notified", request.sourceId());
            return Optional.empty();
        }
        if (request.recipients().isEmpty()) {
            return Optional.empty();
        }
        String kind = request.delayed() ? "delayed" : "failed";
        String dsnId = "dsn-" + sha256Hex(request.sourceId() + "|" + kind + "|"
                + request.recipients().stream().map(DsnReport.Recipient::finalRecipient).sorted().toList())
                .substring(0, 40);
        byte[] original;
        try {
            original = blobs.getBytes(request.blobKey());
        } catch (RuntimeException e) {
            if (blobs.exists(request.blobKey())) {
                throw e;
            }
            // the report matters more than the copy of the message: send it without one
            LOG.warnf("%s: original %s missing; DSN without its header", request.sourceId(), request.blobKey());
            original = new byte[0];
        }
        Instant now = Instant.now();
        DsnReport report = new DsnReport(reportingMta.name(), request.mailFrom(), request.envelopeId(),
                request.arrival(), request.delayed(), "FULL".equalsIgnoreCase(request.ret()), request.recipients(),
                dsnId, now);
        byte[] bytes = DsnBuilder.build(report, original);
        String key = BlobKeys.messageKey(sha256(bytes));
        blobs.put(key, bytes);

        RecipientResolution resolution;
        try {
            resolution = mailbox.resolveRecipient(request.mailFrom()).toCompletionStage().toCompletableFuture()
                    .get(15, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("cannot resolve the DSN recipient " + request.mailFrom() + ": " + e.getMessage(), e);
        }
        EnvelopeRecipient rcpt;
        if (resolution.accountId() != null) {
            rcpt = new EnvelopeRecipient(request.mailFrom(), resolution.tenantId(), resolution.accountId());
        } else if (resolution.domainLocal()) {
            LOG.warnf("dropping the %s DSN for %s: the sender %s is in a local domain but has no account", kind,
                    request.sourceId(), request.mailFrom());
            return Optional.empty();
        } else {
            rcpt = new EnvelopeRecipient(request.mailFrom(), null, null);
        }
        AcceptedMail dsn = new AcceptedMail(dsnId, request.traceId(), key, bytes.length, "", List.of(rcpt), now,
                reportingMta.name(), "127.0.0.1", "dsn", null, null, null, false, null);
        metrics.dsn(kind);
        LOG.infof("%s DSN %s for %s to %s (%d recipients)", kind, dsnId, request.sourceId(), request.mailFrom(),
                request.recipients().size());
        return Optional.of(producer.send(new ProducerRecord<>(Topics.ACCEPTED, dsnId, Json.toBytes(dsn))));
    }

    static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String sha256Hex(String s) {
        return HexFormat.of().formatHex(sha256(s.getBytes(StandardCharsets.UTF_8)));
    }
}
