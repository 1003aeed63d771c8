package dev.mailplatform.imap.command.fetch;

import dev.mailplatform.blobstore.BlobStore;
import dev.mailplatform.imap.protocol.ImapResponses;
import dev.mailplatform.imap.session.ImapSession;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.jboss.logging.Logger;

/**
 * Streams a message body from S3 (or the body cache in front of it) to the socket as an IMAP literal. The S3 SDK
 * blocks, so opening and every read of S3 run on the blob worker pool (a cached body is copied on the event loop); writes happen on the event loop and wait for the socket to drain, so at most one chunk
 * plus the socket's write queue is held, whatever the message size.
 */
final class BodyStreamer {
    private static final Logger LOG = Logger.getLogger(BodyStreamer.class);

    /** An open S3 object and the exact number of octets it will deliver. */
    record OpenBody(InputStream in, long length) {
    }

    private BodyStreamer() {
    }

    /**
     * Opens {@code length} octets at {@code offset} of a message of {@code messageSize} octets: from the body cache
     * when it holds the message (or can take it: then the whole body is read once and kept, since a client that
     * fetches one part of a message usually fetches the rest next), otherwise as an S3 range read.
     */
    static Future<OpenBody> openRange(ImapSession session, String blobKey, long messageSize, long offset,
            long length) {
        BlobStore store = session.services().blobStore();
        if (length == 0) {
            return Future.succeededFuture(new OpenBody(InputStream.nullInputStream(), 0));
        }
        OpenBody cached = slice(session.services().blobCache().cached(blobKey), offset, length);
        if (cached != null) {
            return Future.succeededFuture(cached);
        }
        return session.services().blobExecutor().executeBlocking(() -> {
            OpenBody whole = slice(session.services().blobCache().read(blobKey, messageSize), offset, length);
            return whole != null ? whole : new OpenBody(store.getRange(blobKey, offset, length), length);
        }, false);
    }

    /** The range of a cached body, or null when there is none or the range is not inside it. */
    private static OpenBody slice(byte[] body, long offset, long length) {
        return contains(body, offset, length)
                ? new OpenBody(new ByteArrayInputStream(body, (int) offset, (int) length), length) : null;
    }

    private static boolean contains(byte[] body, long offset, long length) {
        return body != null && offset >= 0 && length >= 0 && offset + length <= body.length;
    }

    /**
     * Reads a small range fully (a header to filter, a part to decode) on the worker pool, or from the body cache when
     * it already holds the message (a miss does not fill it: a client listing headers of a large mailbox would only
     * churn the cache).
     */
    static Future<byte[]> readRange(ImapSession session, String blobKey, long offset, long length) {
        BlobStore store = session.services().blobStore();
        if (length == 0) {
            return Future.succeededFuture(new byte[0]);
        }
        byte[] cached = session.services().blobCache().cached(blobKey);
        if (contains(cached, offset, length)) {
            return Future.succeededFuture(Arrays.copyOfRange(cached, (int) offset, (int) (offset + length)));
        }
        return session.services().blobExecutor().executeBlocking(() -> {
            try (InputStream in = store.getRange(blobKey, offset, length)) {
                return in.readNBytes((int) length);
            }
        }, false);
    }

    /** Writes {@code {n}CRLF} and exactly n octets; closes the stream in every case. */
    static Future<Void> writeLiteral(ImapSession session, OpenBody body) {
        session.write(ImapResponses.literalHeader(body.length()));
        Promise<Void> done = Promise.promise();
        copy(session, body, body.length(), done);
        return done.future().onComplete(ar -> close(session.services().blobExecutor(), body.in()));
    }

    static void close(WorkerExecutor executor, InputStream in) {
        executor.executeBlocking(() -> {
            try {
                in.close();
            } catch (IOException e) {
                LOG.debugf("closing a blob stream failed: %s", e.getMessage());
            }
            return null;
        }, false);
    }

    private static void copy(ImapSession session, OpenBody body, long remaining, Promise<Void> done) {
        if (remaining == 0) {
            done.complete();
            return;
        }
        int chunk = (int) Math.min(session.services().config().bodyChunkSize(), remaining);
        session.whenWritable()
                .compose(v -> body.in() instanceof ByteArrayInputStream memory
                        // a cached body: copying from memory does not block, no worker round trip
                        ? Future.succeededFuture(readFromMemory(memory, chunk))
                        : session.services().blobExecutor().executeBlocking(() -> body.in().readNBytes(chunk), false))
                .onSuccess(bytes -> {
                    if (bytes.length == 0) {
                        done.fail(new EOFException("message body ended " + remaining + " octets early"));
                        return;
                    }
                    session.write(Buffer.buffer(bytes));
                    session.touch();
                    copy(session, body, remaining - bytes.length, done);
                })
                .onFailure(done::tryFail);
    }

    private static byte[] readFromMemory(ByteArrayInputStream memory, int chunk) {
        byte[] bytes = new byte[chunk];
        int n = memory.readNBytes(bytes, 0, chunk);
        return n == chunk ? bytes : Arrays.copyOf(bytes, n);
    }
}
