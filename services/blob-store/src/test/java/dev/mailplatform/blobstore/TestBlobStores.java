package dev.mailplatform.blobstore;

import dev.mailplatform.testkit.Infrastructure;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Random;

/** What the blob-store tests share: a client of the test kit's real S3-compatible server, and test bodies. */
final class TestBlobStores {
    private TestBlobStores() {
    }

    /** A client of the shared test S3 server, its bucket created. */
    static BlobStore connect() {
        Infrastructure infra = Infrastructure.shared();
        BlobStore store = new BlobStore(new BlobStoreConfig(infra.s3Endpoint(), infra.s3AccessKey(),
                infra.s3SecretKey(), infra.s3Bucket(), null));
        store.ensureBucket();
        return store;
    }

    /** {@code size} reproducible random bytes. */
    static byte[] randomBody(int size, long seed) {
        byte[] body = new byte[size];
        new Random(seed).nextBytes(body);
        return body;
    }

    /** Stores {@code body} under its content address, as the gateways do; returns the key. */
    static String put(BlobStore store, byte[] body) {
        try {
            String key = BlobKeys.messageKey(MessageDigest.getInstance("SHA-256").digest(body));
            store.put(key, body);
            return key;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
