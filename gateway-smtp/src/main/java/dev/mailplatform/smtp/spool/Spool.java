/* Mail platform. Licensed under the Apache License 2.0. */
package dev.mailplatform.smtp.spool;

import io.netty.buffer.ByteBufInputStream;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;

/**
 * Where one message collects while DATA or BDAT arrives, hashed as it goes so the content-addressed S3 key is known
 * the moment the data ends.
 *
 * <p>A message stays on the heap while it is at most the area's per-message bytes and the area's shared heap has room
 * (most mail is a few kilobytes, and a file per message cost six file-system calls on the internal worker pool).
 * Past that the content moves to a
 * temporary file written through a Vert.x {@link AsyncFile}, so a large message is never held whole on the heap and
 * the event loop never blocks on disk; the caller applies back-pressure with {@link #writeQueueFull()} and
 * {@link #drainHandler(Handler)}. The spool is a buffer, not the durable copy (S3 and Kafka are, before 250), so the
 * file is not fsync'd.
 */
public final class Spool {
    private final Vertx vertx;
    private final SpoolArea area;
    private final long contentLimit;
    private final MessageDigest sha256;
    /** The content while in memory; after a spill, what arrived while the file was being created. */
    private Buffer memory = Buffer.buffer();
    /** Bytes of the area's shared heap this spool holds (its memory, then its finished content). */
    private long reserved;
    /** Set once the content outgrew memory: completes when the file is open and holds what memory had. */
    private Future<AsyncFile> spill;
    private String path;
    private Throwable writeError;
    private Handler<Void> drainHandler;
    /** The content once finished in memory (the same bytes, no copy); each reader gets its own view. */
    private Buffer finished;
    private long size;
    private long contentBytes;
    private boolean overLimit;
    private boolean closed;

    private Spool(Vertx vertx, SpoolArea area, long contentLimit) {
        this.vertx = vertx;
        this.area = area;
        this.contentLimit = contentLimit;
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** A new spool holding the trace header (which does not count against the content limit). */
    public static Spool create(Vertx vertx, SpoolArea area, byte[] traceHeader, long contentLimit) {
        Spool spool = new Spool(vertx, area, contentLimit);
        spool.write(traceHeader);
        return spool;
    }

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

    /**
     * Appends message content. Once the content exceeds the limit nothing more is kept; the session keeps reading
     * to the end of DATA and then answers 552 (RFC 1870 §6.3).
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
        if (closed || writeError != null) {
            return;
        }
        sha256.update(bytes);
        size += bytes.length;
        if (spill != null && spill.succeeded()) {
            spill.result().write(Buffer.buffer(bytes));
            return;
        }
        if (spill == null && memory.length() + bytes.length <= area.perMessageBytes()
                && area.reserve(bytes.length)) {
            reserved += bytes.length;
            memory.appendBytes(bytes);
            return;
        }
        // over this message's share or the shared heap: to a file (what arrives until it is open waits in memory)
        memory.appendBytes(bytes);
        if (spill == null) {
            spill = openFile();
        }
    }

    private void releaseHeap() {
        area.release(reserved);
        reserved = 0;
    }

    private Future<AsyncFile> openFile() {
        return vertx.fileSystem().createTempFile(area.directory(), "smtp-", ".eml", (String) null)
                .compose(created -> {
                    path = created;
                    return vertx.fileSystem().open(created, new OpenOptions().setWrite(true).setCreate(false));
                })
                .onSuccess(file -> {
                    file.exceptionHandler(e -> writeError = e);
                    file.write(memory);
                    memory = null;
                    releaseHeap();
                    if (drainHandler != null) {
                        if (file.writeQueueFull()) {
                            file.drainHandler(drainHandler);
                        } else {
                            drainHandler.handle(null);
                        }
                    }
                })
                .onFailure(e -> {
                    writeError = e;
                    memory = null;
                    releaseHeap();
                    if (drainHandler != null) {
                        // the session must read on to the end of the data to answer 451 in sync with the client
                        drainHandler.handle(null);
                    }
                });
    }

    public boolean overLimit() {
        return overLimit;
    }

    /** True while the file is being created, or its write queue is full: the caller pauses the socket. */
    public boolean writeQueueFull() {
        if (closed || spill == null || writeError != null) {
            return false;
        }
        return !spill.isComplete() || spill.succeeded() && spill.result().writeQueueFull();
    }

    /** Called once {@link #writeQueueFull()} is over. */
    public void drainHandler(Handler<Void> handler) {
        drainHandler = handler;
        if (spill != null && spill.succeeded()) {
            spill.result().drainHandler(handler);
        }
    }

    /** Ends the content; completes when every byte is in memory or written to the file (failed if one was lost). */
    public Future<Void> finish() {
        if (closed) {
            return Future.succeededFuture();
        }
        closed = true;
        if (spill == null) {
            finished = memory;
            memory = null;
            return Future.succeededFuture();
        }
        // close() completes after the queued writes; the write error, if any, came before it
        return spill.compose(AsyncFile::close).compose(v -> writeError == null ? Future.succeededFuture()
                : Future.failedFuture(writeError));
    }

    /** Ends the content if needed and removes the file; never fails (a leftover temp file must not fail a reply). */
    public Future<Void> discard() {
        return finish().otherwiseEmpty().compose(v -> {
            finished = null;
            releaseHeap();
            return path == null ? Future.succeededFuture() : vertx.fileSystem().delete(path);
        }).otherwiseEmpty();
    }

    /** The content, after {@link #finish()}; may read a file, so call it on a worker thread. */
    public InputStream open() throws IOException {
        if (finished != null) {
            return new ByteBufInputStream(finished.getByteBuf());
        }
        if (path == null) {
            throw new IllegalStateException("spool not finished");
        }
        return Files.newInputStream(Path.of(path));
    }

    /** Bytes of content, trace header included: the size of the stored message. */
    public long size() {
        return size;
    }

    /** SHA-256 of the content; only meaningful after the last append. */
    public byte[] digest() {
        return sha256.digest();
    }
}
