package dev.mailplatform.blobstore;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against the test kit's real S3-compatible server. */
class BlobStoreTest {
    private static BlobStore store;

    @BeforeAll
    static void connect() {
        store = TestBlobStores.connect();
    }

    @AfterAll
    static void close() {
        store.close();
    }

    @Test
    void storesAndReadsBackExactBytesWithRanges() throws Exception {
        byte[] body = "Subject: hi\r\n\r\nbody line\r\n.leading dot\r\n".getBytes(StandardCharsets.US_ASCII);
        String key = BlobKeys.messageKey(MessageDigest.getInstance("SHA-256").digest(body));
        store.put(key, body);
        assertThat(store.getBytes(key)).isEqualTo(body);
        assertThat(store.size(key)).isEqualTo(body.length);
        try (InputStream in = store.getRange(key, 15, 9)) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("body line");
        }
        store.delete(key);
        assertThat(store.exists(key)).isFalse();
    }

    @Test
    void streamsLargeFilesAndUnknownLengthStreams(@TempDir Path dir) throws Exception {
        byte[] big = new byte[12 * 1024 * 1024 + 17]; // more than one multipart part
        new Random(7).nextBytes(big);
        Path file = dir.resolve("blob.eml");
        Files.write(file, big);
        store.putFile("test/big-file", file);
        assertThat(store.size("test/big-file")).isEqualTo(big.length);
        store.put("test/unknown-length", new ByteArrayInputStream(big), -1);
        assertThat(store.getBytes("test/unknown-length")).isEqualTo(big);
    }

    @Test
    void keysAreContentAddressed() {
        byte[] hash = new byte[32];
        hash[0] = (byte) 0xab;
        hash[1] = 0x01;
        assertThat(BlobKeys.messageKey(hash)).startsWith("messages/ab/01/ab01").hasSize("messages/ab/01/".length() + 64);
        // SHA-256 of "abc" (FIPS 180-2 example)
        assertThat(BlobKeys.messageKeyOf("abc".getBytes(java.nio.charset.StandardCharsets.US_ASCII)))
                .isEqualTo("messages/ba/78/ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}
