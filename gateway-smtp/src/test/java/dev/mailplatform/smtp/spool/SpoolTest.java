/* Mail platform. Licensed under the Apache License 2.0. */
package dev.mailplatform.smtp.spool;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The spool keeps small messages on the heap and moves larger ones to a file as they pass the memory mark, on a
 * real Vert.x event loop and file system: content, size and digest are the same either way, nothing is left on disk.
 */
class SpoolTest {
    private static final byte[] HEADER = "Received: from test\r\n".getBytes(StandardCharsets.US_ASCII);
    private static Vertx vertx;
    private static Context loop;

    @TempDir
    Path dir;

    @BeforeAll
    static void startVertx() {
        vertx = Vertx.vertx();
        loop = vertx.getOrCreateContext();
    }

    @AfterAll
    static void stopVertx() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void aSmallMessageNeverTouchesTheDisk() throws Exception {
        byte[] content = randomContent(1000, 1);
        Spool spool = onLoop(() -> fill(1024, 1_000_000, content));
        assertThat(spoolFiles()).isEmpty();
        onLoop(spool::finish);
        assertStored(spool, content);
        onLoop(spool::discard);
        assertThat(spoolFiles()).isEmpty();
    }

    @Test
    void aLargerMessageMovesToAFileWithEveryByte() throws Exception {
        byte[] content = randomContent(300_000, 2);
        Spool spool = onLoop(() -> fill(4096, 1_000_000, content));
        onLoop(spool::finish);
        assertThat(spoolFiles()).hasSize(1);
        assertThat(Files.size(spoolFiles().get(0))).isEqualTo(HEADER.length + content.length);
        assertStored(spool, content);
        onLoop(spool::discard);
        assertThat(spoolFiles()).as("discard removes the file").isEmpty();
    }

    @Test
    void zeroMemorySpoolsEverythingToAFile() throws Exception {
        byte[] content = randomContent(10, 3);
        Spool spool = onLoop(() -> fill(0, 1_000_000, content));
        onLoop(spool::finish);
        assertThat(spoolFiles()).hasSize(1);
        assertStored(spool, content);
        onLoop(spool::discard);
        assertThat(spoolFiles()).isEmpty();
    }

    @Test
    void contentOverTheLimitIsFlaggedAndNotKept() throws Exception {
        byte[] content = randomContent(5000, 4);
        Spool spool = onLoop(() -> fill(1 << 20, 4000, content));
        assertThat(spool.overLimit()).isTrue();
        assertThat(spool.size()).as("only the trace header").isEqualTo(HEADER.length);
        onLoop(spool::discard);
    }

    @Test
    void aDiscardWhileTheFileIsBeingCreatedLeavesNothing() throws Exception {
        byte[] content = randomContent(50_000, 5);
        // no wait for the spill: discard races the file creation
        onLoop(() -> {
            Spool spool = Spool.create(vertx, new SpoolArea(dir.toString(), 1024, 1 << 30), HEADER, 1_000_000);
            spool.append(content);
            assertThat(spool.writeQueueFull()).as("the socket pauses while the file is created").isTrue();
            return spool.discard();
        });
        assertThat(spoolFiles()).isEmpty();
    }

    @Test
    void theSharedHeapBoundSendsFurtherMessagesToFilesAndIsGivenBack() throws Exception {
        // room for one 30 KB message on the heap, though each may use 64 KiB
        SpoolArea area = new SpoolArea(dir.toString(), 64 * 1024, 40_000);
        byte[] first = randomContent(30_000, 6);
        byte[] second = randomContent(30_000, 7);
        Spool inMemory = onLoop(() -> fill(area, 1_000_000, first));
        assertThat(area.heapInUse()).isEqualTo(HEADER.length + first.length);
        Spool onDisk = onLoop(() -> fill(area, 1_000_000, second));
        onLoop(inMemory::finish);
        onLoop(onDisk::finish);
        assertThat(spoolFiles()).as("the second message did not fit the shared heap").hasSize(1);
        assertStored(inMemory, first);
        assertStored(onDisk, second);
        onLoop(inMemory::discard);
        onLoop(onDisk::discard);
        assertThat(area.heapInUse()).as("every byte given back").isZero();
        assertThat(spoolFiles()).isEmpty();
    }

    /** Appends in chunks on the event loop, honouring back-pressure as the session does. */
    private Future<Spool> fill(int memory, long limit, byte[] content) {
        return fill(new SpoolArea(dir.toString(), memory, 1 << 30), limit, content);
    }

    private static Future<Spool> fill(SpoolArea area, long limit, byte[] content) {
        Spool spool = Spool.create(vertx, area, HEADER, limit);
        return appendFrom(spool, content, 0).map(spool);
    }

    private static Future<Void> appendFrom(Spool spool, byte[] content, int offset) {
        int at = offset;
        while (at < content.length) {
            int n = Math.min(8192, content.length - at);
            byte[] chunk = new byte[n];
            System.arraycopy(content, at, chunk, 0, n);
            spool.append(chunk);
            at += n;
            if (spool.writeQueueFull()) {
                int next = at;
                Promise<Void> drained = Promise.promise();
                spool.drainHandler(v -> drained.tryComplete());
                return drained.future().compose(v -> appendFrom(spool, content, next));
            }
        }
        return Future.succeededFuture();
    }

    private static void assertStored(Spool spool, byte[] content) throws Exception {
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.write(HEADER);
        expected.write(content);
        byte[] stored;
        try (InputStream in = spool.open()) {
            stored = in.readAllBytes();
        }
        assertThat(stored).isEqualTo(expected.toByteArray());
        assertThat(spool.size()).isEqualTo(stored.length);
        assertThat(spool.digest()).isEqualTo(MessageDigest.getInstance("SHA-256").digest(stored));
    }

    private List<Path> spoolFiles() throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.toList();
        }
    }

    private static byte[] randomContent(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static <T> T onLoop(Supplier<Future<T>> action) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        loop.runOnContext(v -> {
            try {
                action.get().onComplete(ar -> {
                    if (ar.succeeded()) {
                        result.complete(ar.result());
                    } else {
                        result.completeExceptionally(ar.cause());
                    }
                });
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        });
        return result.get(20, TimeUnit.SECONDS);
    }
}
