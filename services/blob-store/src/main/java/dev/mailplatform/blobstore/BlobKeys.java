package dev.mailplatform.blobstore;

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
}
