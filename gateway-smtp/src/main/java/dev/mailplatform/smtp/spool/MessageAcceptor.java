/* Mail platform. Licensed under the Apache License 2.0. */
package dev.mailplatform.smtp.spool;

import dev.mailplatform.blobstore.BlobKeys;
import dev.mailplatform.blobstore.BlobStore;
import dev.mailplatform.contracts.Json;
import dev.mailplatform.contracts.Topics;
import dev.mailplatform.contracts.events.AcceptedMail;
import dev.mailplatform.smtp.config.SmtpConfig;
import dev.mailplatform.smtp.server.SmtpMetrics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Makes an accepted message durable: body to S3 under its content hash, then the envelope to Kafka, acknowledged
 * by all in-sync replicas. The returned future succeeds only when both are durable, which is the moment the session
 * may answer 250 (RFC 5321 §6.1: once 250 is sent, the server is responsible for the message).
 *
 * <p>Both SDKs block (the MinIO client, and {@code KafkaProducer.send} while it fetches metadata), so the whole
 * step runs on a worker thread; the future completes back on the caller's context. A blob whose Kafka send fails
 * stays in S3 unreferenced; the content-addressed key makes a retry reuse it, and the lifecycle sweep of the mailbox
 * service removes what nothing references.
 */
@ApplicationScoped
public class MessageAcceptor {
    private final Vertx vertx;
    private final BlobStore blobStore;
    private final Producer<String, byte[]> producer;
    private final SmtpConfig config;
    private final SmtpMetrics metrics;

    public MessageAcceptor(Vertx vertx, BlobStore blobStore, Producer<String, byte[]> producer, SmtpConfig config,
            SmtpMetrics metrics) {
        this.vertx = vertx;
        this.blobStore = blobStore;
        this.producer = producer;
        this.config = config;
        this.metrics = metrics;
    }

    /**
     * Stores {@code prefix} followed by the finished spool and publishes the envelope built for the blob's key and
     * size. The spool's digest covers its content alone, enough when there is no prefix; headers computed after the
     * content arrived (Authentication-Results) need one more hashing pass.
     */
    public Future<AcceptedMail> accept(Spool spool, byte[] prefix, BiFunction<String, Long, AcceptedMail> envelope) {
        long started = System.nanoTime();
        byte[] spoolSha256 = spool.digest();
        Future<AcceptedMail> done = vertx.executeBlocking(() -> {
            byte[] digest = prefix.length == 0 ? spoolSha256 : digest(prefix, spool);
            long size = prefix.length + spool.size();
            AcceptedMail mail = envelope.apply(blobKey(digest), size);
            try (InputStream in = new SequenceInputStream(new ByteArrayInputStream(prefix), spool.open())) {
                blobStore.put(mail.blobKey(), in, size);
            }
            producer.send(new ProducerRecord<>(Topics.ACCEPTED, mail.messageId(), Json.toBytes(mail)))
                    .get(config.acceptTimeout().toMillis(), TimeUnit.MILLISECONDS);
            return mail;
        }, false);
        return done.onSuccess(v -> metrics.acceptDuration(System.nanoTime() - started));
    }

    private static byte[] digest(byte[] prefix, Spool spool) {
        try (InputStream in = spool.open()) {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(prefix);
            byte[] buf = new byte[64 * 1024];
            int n;
            while ((n = in.read(buf)) > 0) {
                sha256.update(buf, 0, n);
            }
            return sha256.digest();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    public static String blobKey(byte[] sha256) {
        return BlobKeys.messageKey(sha256);
    }
}
