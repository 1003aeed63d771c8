package dev.mailplatform.blobstore;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Object key layout. Keys are content-addressed so the same bytes are stored once. */
public final class BlobKeys {
    private BlobKeys() {
    }

    /** Key of a raw message whose SHA-256 is {@code sha256}; sharded by the first bytes to spread listing load. */
    public static String messageKey(byte[] sha256) {
        String hex = HexFormat.of().formatHex(sha256);
        return "messages/" + hex.substring(0, 2) + "/" + hex.substring(2, 4) + "/" + hex;
    }

    /** Key of a raw message held whole in memory. */
    public static String messageKeyOf(byte[] body) {
        try {
            return messageKey(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
