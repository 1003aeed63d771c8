package dev.mailplatform.blobstore;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.io.IOException;
import java.io.InputStream;

/**
 * A bounded in-memory cache of message bodies in front of {@link BlobStore}, for the gateways that read them back
 * (POP3 RETR/TOP, IMAP FETCH BODY[]). Safe because message keys are content addresses: the bytes under a key never
 * change, so a cached copy can never be stale, only evicted. A gateway only asks for keys of messages the mailbox
 * service listed for the logged-in account, so the cache cannot hand a body to anybody who could not read it anyway.
 *
 * <p>Bounded twice: by the total bytes held (weighed by length, least-recently/frequently used evicted first) and by
 * the size of one entry, so one large attachment neither evicts everything else nor is held in memory at all (the
 * caller streams it from S3). {@link #read} blocks on S3 and must run on a worker thread; {@link #cached} never
 * blocks.
 */
public final class BlobCache {
    private final BlobStore store;
    private final long maxEntryBytes;
    private final Cache<String, byte[]> cache;

    /**
     * @param maxBytes      total bytes held; 0 disables the cache (every read goes to S3)
     * @param maxEntryBytes largest body that is cached
     */
    public BlobCache(BlobStore store, long maxBytes, long maxEntryBytes) {
        if (maxBytes < 0 || maxEntryBytes < 0) {
            throw new IllegalArgumentException("cache sizes must be >= 0");
        }
        this.store = store;
        this.maxEntryBytes = Math.min(maxEntryBytes, Integer.MAX_VALUE - 16);
        this.cache = maxBytes == 0 ? null : Caffeine.newBuilder()
                .maximumWeight(maxBytes)
                .weigher((String key, byte[] value) -> value.length)
                .recordStats()
                .build();
    }

    /** The underlying cache (for metrics), or null when disabled. */
    public Cache<String, byte[]> caffeine() {
        return cache;
    }

    /**
     * The whole body under {@code key} when it is small enough to cache (from memory, or read from S3 and kept), or
     * null when it must be streamed: the cache is disabled, or the body is larger than the entry limit. A body larger
     * than {@code expectedSize} announced is found out after at most limit + 1 octets and also answers null.
     */
    public byte[] read(String key, long expectedSize) {
        if (cache == null || expectedSize < 0 || expectedSize > maxEntryBytes) {
            return null;
        }
        byte[] cached = cache.getIfPresent(key);
        if (cached != null) {
            return cached;
        }
        try (InputStream in = store.get(key)) {
            byte[] whole = in.readNBytes((int) maxEntryBytes + 1);
            if (whole.length > maxEntryBytes) {
                return null;
            }
            cache.put(key, whole);
            return whole;
        } catch (IOException e) {
            throw new BlobStoreException("cannot read " + key, e);
        }
    }

    /**
     * The held copy of {@code key}, or null: memory only, never blocks, so an event loop may ask. The array is shared:
     * callers must not modify it.
     */
    public byte[] cached(String key) {
        return cache == null ? null : cache.getIfPresent(key);
    }

    /** Whether a copy of {@code key} is held (for tests and diagnostics). */
    public boolean isCached(String key) {
        return cache != null && cache.asMap().containsKey(key); // not a lookup: leaves the hit statistics alone
    }
}
