/* Mail platform. Licensed under the Apache License 2.0. */
package dev.mailplatform.pop3.command;

import dev.mailplatform.blobstore.BlobCache;
import dev.mailplatform.pop3.protocol.MessageEncoder;
import dev.mailplatform.pop3.protocol.Pop3Response;
import dev.mailplatform.pop3.session.Maildrop;
import dev.mailplatform.pop3.session.Pop3Session;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.WorkerExecutor;
import java.io.IOException;
import java.io.InputStream;
import org.jboss.logging.Logger;

/**
 * Streams one message from object storage (or the body cache in front of it) to the client for RETR and TOP. The S3
 * stream is opened and read only on the blob worker pool; the event loop only writes. At most one chunk is in flight
 * per connection and the next one is read only when the socket's write queue has room, so memory per connection is
 * bounded by the chunk size plus the write queue limit, whatever the message size.
 */
final class MessageStreamer {
    private static final Logger LOG = Logger.getLogger(MessageStreamer.class);

    private final Pop3Session session;
    private final WorkerExecutor workers;
    private final MessageEncoder encoder;
    private final int chunkSize;
    private final Promise<Void> done = Promise.promise();
    private InputStream in;
    /** The whole body when it came from the cache: then chunks are encoded on the event loop, no worker round trips. */
    private byte[] body;
    private int position;
    private long sent;

    private MessageStreamer(Pop3Session session, MessageEncoder encoder) {
        this.session = session;
        this.workers = session.services().blobWorkers();
        this.encoder = encoder;
        this.chunkSize = session.services().config().retrChunkSize();
    }

    /**
     * Opens the blob first, so a storage failure is still answered with -ERR; only then sends {@code status} and the
     * body. A body the cache holds or can take is encoded from memory on the event loop (bounded CPU work: the cache
     * only holds bodies up to its entry limit); a larger one is streamed from S3 chunk by chunk on the workers.
     */
    static Future<Void> stream(Pop3Session session, Maildrop.Entry entry, MessageEncoder encoder, Pop3Response status) {
        MessageStreamer streamer = new MessageStreamer(session, encoder);
        BlobCache bodies = session.services().blobCache();
        byte[] cached = bodies.cached(entry.blobKey());
        Future<byte[]> whole = cached != null ? Future.succeededFuture(cached)
                : streamer.workers.executeBlocking(() -> bodies.read(entry.blobKey(), entry.size()), false);
        return whole.compose(body -> {
            if (body != null) {
                streamer.body = body;
                return streamer.start(status);
            }
            var store = session.services().blobStore();
            return streamer.workers.<InputStream>executeBlocking(() -> store.get(entry.blobKey()), false)
                    .compose(opened -> {
                        streamer.in = opened;
                        return streamer.start(status);
                    });
        });
    }

    private Future<Void> start(Pop3Response status) {
        if (session.isClosed()) {
            closeStream();
            return Future.succeededFuture();
        }
        session.beginBody(status);
        next();
        return done.future();
    }

    private void next() {
        if (body != null) {
            sendChunk(encodeFromMemory());
            return;
        }
        workers.<byte[]>executeBlocking(this::readAndEncode, false).onComplete(ar -> {
            if (ar.failed()) {
                closeStream();
                done.tryFail(ar.cause());
                return;
            }
            sendChunk(ar.result());
        });
    }

    private void sendChunk(byte[] bytes) {
        if (session.isClosed()) {
            closeStream();
            done.tryFail(new Pop3Session.SessionClosedException());
            return;
        }
        if (bytes == null) {
            closeStream();
            byte[] end = encoder.finish();
            count(end.length);
            session.write(end).onComplete(w -> done.tryComplete());
            return;
        }
        count(bytes.length);
        session.write(bytes);
        session.touch();
        session.writable().onComplete(w -> {
            if (w.failed()) {
                closeStream();
                done.tryFail(w.cause());
            } else {
                next();
            }
        });
    }

    /** Event loop: the next chunk of a cached body, encoded; null when the message (or the TOP excerpt) is complete. */
    private byte[] encodeFromMemory() {
        if (encoder.isComplete() || position >= body.length) {
            return null;
        }
        int n = Math.min(chunkSize, body.length - position);
        byte[] encoded = encoder.encode(body, position, n);
        position += n;
        session.services().metrics().blobReadBytes(n);
        return encoded;
    }

    /** Worker thread: one chunk from S3, encoded; null when the message (or the TOP excerpt) is complete. */
    private byte[] readAndEncode() throws IOException {
        if (encoder.isComplete()) {
            return null;
        }
        byte[] buffer = new byte[chunkSize];
        int n = in.readNBytes(buffer, 0, chunkSize);
        if (n <= 0) {
            return null;
        }
        session.services().metrics().blobReadBytes(n);
        return encoder.encode(buffer, 0, n);
    }

    private void count(long octets) {
        sent += octets;
        session.services().metrics().retrBytes(octets);
    }

    /** Closing an S3 response stream may block on the connection pool, so it also runs on a worker. */
    private void closeStream() {
        InputStream stream = in;
        in = null;
        if (stream != null) {
            workers.executeBlocking(() -> {
                stream.close();
                return null;
            }, false).onFailure(e -> LOG.debugf("closing a blob stream failed: %s", e.toString()));
        }
        LOG.debugf("pop3 %s streamed %d octets", session.id(), sent);
    }
}
