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
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Makes an accepted message durable: body to S3 under its content hash, then the envelope to Kafka, acknowledged
 * by all in-sync replicas. The returned future succeeds only when both are durable, which is the moment the session
 * may answer 250 (RFC 5321 §6.1: once 250 is sent, the server is responsible for the message).
 *
 * <p>Both SDKs block (the MinIO client, and {@code KafkaProducer.send} while it fetches metadata), so the whole
 * step runs on a worker thread; the future completes back on the caller's context.
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

    /** Stores the spooled file and publishes {@code mail}, whose blobKey must be {@link #blobKey(byte[])}. */
    public Future<Void> accept(Path spoolFile, AcceptedMail mail) {
        long started = System.nanoTime();
        Future<Void> done = vertx.executeBlocking(() -> {
            blobStore.putFile(mail.blobKey(), spoolFile);
            producer.send(new ProducerRecord<>(Topics.ACCEPTED, mail.messageId(), Json.toBytes(mail)))
                    .get(config.acceptTimeout().toMillis(), TimeUnit.MILLISECONDS);
            return null;
        }, false);
        return done.onSuccess(v -> metrics.acceptDuration(System.nanoTime() - started));
    }

    public static String blobKey(byte[] sha256) {
        return BlobKeys.messageKey(sha256);
    }
}
