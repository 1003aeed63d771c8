package dev.mailplatform.blobstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Against the test kit's real S3-compatible server: what is cached, what is streamed, and that bytes are exact. */
class BlobCacheTest {
    private static BlobStore store;

    @BeforeAll
    static void connect() {
        store = TestBlobStores.connect();
    }

    @AfterAll
    static void close() {
        store.close();
    }

    private static String put(byte[] body) {
        return TestBlobStores.put(store, body);
    }

    /** As the gateways read a body: whole from the cache when it takes it, else streamed from S3. */
    private static byte[] read(BlobCache cache, String key, long size) throws Exception {
        byte[] whole = cache.read(key, size);
        return whole != null ? whole : store.getBytes(key);
    }

    @Test
    void smallBodyIsCachedAndServedFromMemoryEvenAfterTheObjectIsGone() throws Exception {
        byte[] body = ("Subject: cached " + System.nanoTime() + "\r\n\r\nhello\r\n").getBytes(StandardCharsets.UTF_8);
        String key = put(body);
        BlobCache cache = new BlobCache(store, 1 << 20, 64 * 1024);

        assertThat(read(cache, key, body.length)).isEqualTo(body);
        assertThat(cache.isCached(key)).isTrue();
        store.delete(key);
        // content-addressed: the copy is the object, so it is still served exactly
        assertThat(read(cache, key, body.length)).isEqualTo(body);
        assertThat(cache.caffeine().stats().hitCount()).isEqualTo(1);
    }

    @Test
    void bodyAboveTheEntryLimitIsStreamedAndNotHeld() throws Exception {
        byte[] body = TestBlobStores.randomBody(200_000, 3);
        String key = put(body);
        BlobCache cache = new BlobCache(store, 1 << 20, 64 * 1024);

        assertThat(read(cache, key, body.length)).isEqualTo(body);
        assertThat(cache.isCached(key)).isFalse();
    }

    @Test
    void bodyLargerThanAnnouncedIsStillReadWholeButNotCached() throws Exception {
        byte[] body = TestBlobStores.randomBody(100_000, 5);
        String key = put(body);
        BlobCache cache = new BlobCache(store, 1 << 20, 64 * 1024);

        // the stored size says 10 KB; the object is 100 KB: every byte arrives, nothing is kept
        assertThat(read(cache, key, 10_000)).isEqualTo(body);
        assertThat(cache.isCached(key)).isFalse();
    }

    @Test
    void readGivesWholeSmallBodiesAndNullForBodiesToStream() throws Exception {
        byte[] small = ("Subject: read " + System.nanoTime() + "\r\n\r\nhi\r\n").getBytes(StandardCharsets.UTF_8);
        String smallKey = put(small);
        byte[] big = TestBlobStores.randomBody(100_000, 9);
        String bigKey = put(big);
        BlobCache cache = new BlobCache(store, 1 << 20, 64 * 1024);

        assertThat(cache.read(smallKey, small.length)).isEqualTo(small);
        assertThat(cache.cached(smallKey)).isEqualTo(small);
        assertThat(cache.read(bigKey, big.length)).isNull();
        // announced small, actually big: found out, not cached, streamed by the caller
        assertThat(cache.read(bigKey, 1_000)).isNull();
        assertThat(cache.isCached(bigKey)).isFalse();
        assertThat(new BlobCache(store, 0, 64 * 1024).read(smallKey, small.length)).isNull();
    }

    @Test
    void totalBytesStayBounded() throws Exception {
        BlobCache cache = new BlobCache(store, 100_000, 64 * 1024);
        for (int i = 0; i < 20; i++) {
            byte[] body = TestBlobStores.randomBody(30_000, 100 + i);
            String key = put(body);
            assertThat(read(cache, key, body.length)).isEqualTo(body);
        }
        cache.caffeine().cleanUp();
        long held = cache.caffeine().asMap().values().stream().mapToLong(b -> b.length).sum();
        assertThat(held).isLessThanOrEqualTo(100_000);
        assertThat(cache.caffeine().estimatedSize()).isGreaterThan(0);
    }

    @Test
    void disabledCacheReadsThroughAndMissingObjectsFail() throws Exception {
        byte[] body = ("Subject: through " + System.nanoTime() + "\r\n\r\nx\r\n").getBytes(StandardCharsets.UTF_8);
        String key = put(body);
        BlobCache off = new BlobCache(store, 0, 64 * 1024);
        assertThat(read(off, key, body.length)).isEqualTo(body);
        assertThat(off.isCached(key)).isFalse();
        assertThat(off.caffeine()).isNull();

        BlobCache on = new BlobCache(store, 1 << 20, 64 * 1024);
        assertThatThrownBy(() -> read(on, "messages/does-not-exist-" + System.nanoTime(), 10))
                .isInstanceOf(BlobStoreException.class);
    }
}
