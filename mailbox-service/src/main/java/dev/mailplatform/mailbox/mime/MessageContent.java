package dev.mailplatform.mailbox.mime;

import dev.mailplatform.blobstore.BlobStore;
import dev.mailplatform.blobstore.BlobStoreException;
import io.minio.errors.ErrorResponseException;
import dev.mailplatform.mailbox.config.MailboxServiceConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import org.jboss.logging.Logger;

/**
 * Reads a message body from S3 and parses it. Blocking (S3): worker threads and the delivery consumer only. A missing
 * blob or an unparseable or oversized body yields a degraded structure rather than a refusal (the message must still be
 * stored); an S3 failure throws, because it may succeed when retried.
 */
@ApplicationScoped
public class MessageContent {
    private static final Logger LOG = Logger.getLogger(MessageContent.class);

    private final BlobStore blobs;
    private final MimeParser parser;
    private final int maxParseBytes;

    public MessageContent(BlobStore blobs, MailboxServiceConfig config) {
        this.blobs = blobs;
        MailboxServiceConfig.Mime mime = config.mime();
        this.parser = new MimeParser(new MimeParser.Limits(mime.maxDepth(), mime.maxParts(), mime.maxHeaderChars(),
                mime.maxTextChars()));
        this.maxParseBytes = mime.maxParseBytes();
    }

    public ParsedMessage load(String blobKey, long declaredSize) {
        byte[] raw;
        try (InputStream in = blobs.get(blobKey)) {
            raw = in.readNBytes(maxParseBytes + 1);
        } catch (BlobStoreException e) {
            if (isNoSuchKey(e)) {
                LOG.warnf("blob %s does not exist; storing the message with a degraded structure", blobKey);
                return MimeParser.degraded("missing", Math.max(declaredSize, 0));
            }
            throw e;
        } catch (IOException e) {
            throw new BlobStoreException("cannot read " + blobKey, e);
        }
        return parse(blobKey, raw, declaredSize);
    }

    /** Parses a body already at hand (a small APPEND sends it along); the same limits as {@link #load}. */
    public ParsedMessage parse(String blobKey, byte[] raw, long declaredSize) {
        if (raw.length > maxParseBytes) {
            LOG.infof("blob %s is over the parse limit of %d bytes; degraded structure", blobKey, maxParseBytes);
            return MimeParser.degraded("degraded", Math.max(declaredSize, raw.length));
        }
        ParsedMessage parsed = parser.parse(raw);
        if (!"ok".equals(parsed.status())) {
            LOG.infof("blob %s could not be parsed; degraded structure", blobKey);
        }
        return parsed;
    }

    private static boolean isNoSuchKey(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ErrorResponseException response && response.errorResponse() != null
                    && "NoSuchKey".equals(response.errorResponse().code())) {
                return true;
            }
        }
        return false;
    }

    /** Whether the blob exists in S3 (APPEND refuses a body the gateway did not store). */
    public long size(String blobKey) {
        return blobs.size(blobKey);
    }
}
