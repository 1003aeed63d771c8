/* Mail platform. Licensed under the Apache License 2.0. */
package dev.mailplatform.smtp.spool;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Where the spools of one gateway instance live: the directory for spool files, the heap one message may use, and
 * the heap all spools share. The shared bound is what keeps a thousand sessions sending large messages at once from
 * exhausting the heap: once it is used up, new content goes to files however small the message. Thread-safe (the
 * listeners' event loops share it).
 */
public final class SpoolArea {
    private final String directory;
    private final int perMessageBytes;
    private final AtomicLong heapLeft;
    private final long totalBytes;

    public SpoolArea(String directory, int perMessageBytes, long totalBytes) {
        this.directory = directory;
        this.perMessageBytes = perMessageBytes;
        this.totalBytes = totalBytes;
        this.heapLeft = new AtomicLong(totalBytes);
    }

    public String directory() {
        return directory;
    }

    int perMessageBytes() {
        return perMessageBytes;
    }

    /** Takes {@code bytes} of the shared heap, or nothing when that much is not left. */
    boolean reserve(int bytes) {
        long left;
        do {
            left = heapLeft.get();
            if (left < bytes) {
                return false;
            }
        } while (!heapLeft.compareAndSet(left, left - bytes));
        return true;
    }

    void release(long bytes) {
        heapLeft.addAndGet(bytes);
    }

    /** Heap held by spools right now. */
    public long heapInUse() {
        return totalBytes - heapLeft.get();
    }
}
