/* Mail platform. Licensed under the Apache License 2.0. */
package dev.mailplatform.smtp.spool;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;

/**
 * The temporary file one DATA transaction streams into, hashing as it goes so the content-addressed S3 key is known
 * the moment the data ends. Writes go through a Vert.x {@link AsyncFile}, so the event loop never blocks on disk;
 * the caller applies back-pressure with {@link #writeQueueFull()} and {@link #drainHandler(Handler)}.
 */
public final class SpoolFile {
    private final Vertx vertx;
    private final String path;
    private final AsyncFile file;
    private final MessageDigest sha256;
    private final long contentLimit;
    private long size;
    private long contentBytes;
    private boolean overLimit;
    private boolean closed;

    private SpoolFile(Vertx vertx, String path, AsyncFile file, long contentLimit) {
        this.vertx = vertx;
        this.path = path;
        this.file = file;
        this.contentLimit = contentLimit;
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** Creates the spool file and writes the trace header (which does not count against the content limit). */
    /**
     * Deletes spool files left by a process that was killed or crashed while receiving (a live session finishes or
     * drops its file within its DATA and accept timeouts, so anything older than {@code olderThan} is an orphan; the
     * directory may be shared with other instances, hence the age rather than "everything"). Blocking: start-up only.
     * Returns how many were deleted.
     */
    public static int sweepOrphans(Path directory, Duration olderThan) {
        Instant cutoff = Instant.now().minus(olderThan);
        int deleted = 0;
        try (var files = Files.newDirectoryStream(directory, "smtp-*.eml")) {
            for (Path file : files) {
                try {
                    if (Files.getLastModifiedTime(file).toInstant().isBefore(cutoff)
                            && Files.deleteIfExists(file)) {
                        deleted++;
                    }
                } catch (IOException e) {
                    // another instance removed it, or it is not ours to remove: leave it
                }
            }
        } catch (IOException e) {
            // no spool directory yet: nothing to sweep
        }
        return deleted;
    }

    public static Future<SpoolFile> create(Vertx vertx, String directory, byte[] traceHeader, long contentLimit) {
        return vertx.fileSystem().createTempFile(directory, "smtp-", ".eml", (String) null)
                .compose(path -> vertx.fileSystem().open(path, new OpenOptions().setWrite(true).setCreate(false))
                        .map(file -> new SpoolFile(vertx, path, file, contentLimit))
                        .onFailure(e -> vertx.fileSystem().delete(path)))
                .map(spool -> {
                    spool.write(traceHeader);
                    return spool;
                });
    }

    /**
     * Appends message content. Once the content exceeds the limit nothing more is written; the session keeps
     * reading to the end of DATA and then answers 552 (RFC 1870 §6.3).
     */
    public void append(byte[] content) {
        contentBytes += content.length;
        if (overLimit || contentBytes > contentLimit) {
            overLimit = true;
            return;
        }
        write(content);
    }

    private void write(byte[] bytes) {
        sha256.update(bytes);
        size += bytes.length;
        file.write(Buffer.buffer(bytes));
    }

    public boolean overLimit() {
        return overLimit;
    }

    public boolean writeQueueFull() {
        return !closed && file.writeQueueFull();
    }

    public void drainHandler(Handler<Void> handler) {
        file.drainHandler(handler);
    }

    /** Flushes and closes; completes once every byte is on disk. */
    public Future<Void> finish() {
        if (closed) {
            return Future.succeededFuture();
        }
        closed = true;
        return file.flush().compose(v -> file.close());
    }

    /** Closes if needed and removes the file; never fails (a leftover temp file must not fail a reply). */
    public Future<Void> discard() {
        return finish().otherwiseEmpty().compose(v -> vertx.fileSystem().delete(path)).otherwiseEmpty();
    }

    public String path() {
        return path;
    }

    /** Bytes in the file, trace header included: the size of the stored message. */
    public long size() {
        return size;
    }

    /** SHA-256 of the file's bytes; only meaningful after the last append. */
    public byte[] digest() {
        return sha256.digest();
    }
}
