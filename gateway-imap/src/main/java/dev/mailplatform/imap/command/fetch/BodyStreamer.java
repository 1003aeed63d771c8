package dev.mailplatform.imap.command.fetch;

import dev.mailplatform.blobstore.BlobStore;
import dev.mailplatform.imap.protocol.ImapResponses;
import dev.mailplatform.imap.session.ImapSession;
import io.minio.GetObjectResponse;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import org.jboss.logging.Logger;

/**
 * Streams a message body from S3 to the socket as an IMAP literal. The S3 SDK blocks, so opening and every read run
 * on the blob worker pool; writes happen on the event loop and wait for the socket to drain, so at most one chunk
 * plus the socket's write queue is held, whatever the message size.
 */
final class BodyStreamer {
    private static final Logger LOG = Logger.getLogger(BodyStreamer.class);

    /** An open S3 object and the exact number of octets it will deliver. */
    record OpenBody(InputStream in, long length) {
    }

    private BodyStreamer() {
    }

    static Future<OpenBody> open(ImapSession session, String blobKey, long expectedSize) {
        BlobStore store = session.services().blobStore();
        return session.services().blobExecutor().executeBlocking(() -> {
            InputStream in = store.get(blobKey);
            long length = contentLength(in);
            if (length < 0) {
                length = expectedSize;
            } else if (length != expectedSize) {
                // the literal must announce the octets actually sent; the metadata size is only a fallback
                LOG.warnf("blob %s has %d octets, metadata says %d", blobKey, length, expectedSize);
            }
            return new OpenBody(in, length);
        }, false);
    }

    /** Opens {@code length} octets at {@code offset} (an S3 range read, for sections and partial fetches). */
    static Future<OpenBody> openRange(ImapSession session, String blobKey, long offset, long length) {
        BlobStore store = session.services().blobStore();
        if (length == 0) {
            return Future.succeededFuture(new OpenBody(InputStream.nullInputStream(), 0));
        }
        return session.services().blobExecutor().executeBlocking(
                () -> new OpenBody(store.getRange(blobKey, offset, length), length), false);
    }

    /** Reads a small range fully (a header to filter, a part to decode) on the worker pool. */
    static Future<byte[]> readRange(ImapSession session, String blobKey, long offset, long length) {
        BlobStore store = session.services().blobStore();
        if (length == 0) {
            return Future.succeededFuture(new byte[0]);
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
                .compose(v -> session.services().blobExecutor().executeBlocking(() -> body.in().readNBytes(chunk),
                        false))
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

    private static long contentLength(InputStream in) {
        if (in instanceof GetObjectResponse response) {
            String header = response.headers().get("Content-Length");
            if (header != null) {
                try {
                    return Long.parseLong(header.trim());
                } catch (NumberFormatException e) {
                    return -1;
                }
            }
        }
        return -1;
    }
}
