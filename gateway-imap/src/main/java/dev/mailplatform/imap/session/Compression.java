package dev.mailplatform.imap.session;

import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * COMPRESS=DEFLATE (RFC 4978): raw deflate (RFC 1951) in both directions, each write flushed with SYNC_FLUSH so the
 * client can decode every response as soon as it arrives (RFC 4978 §4). Inflated input is bounded per chunk so a
 * small compressed "bomb" cannot blow up the heap.
 */
final class Compression {
    private final Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
    private final Inflater inflater = new Inflater(true);
    private final long maxInflatedPerChunk;
    private final byte[] buffer = new byte[16 * 1024];

    Compression(long maxInflatedPerChunk) {
        this.maxInflatedPerChunk = maxInflatedPerChunk;
    }

    Buffer deflate(Buffer plain) {
        deflater.setInput(plain.getBytes());
        Buffer out = Buffer.buffer(Math.max(64, plain.length() / 2));
        while (true) {
            int n = deflater.deflate(buffer, 0, buffer.length, Deflater.SYNC_FLUSH);
            out.appendBytes(buffer, 0, n);
            if (n < buffer.length) {
                return out;
            }
        }
    }

    byte[] inflate(byte[] compressed) throws IOException {
        inflater.setInput(compressed);
        ByteArrayOutputStream out = new ByteArrayOutputStream(compressed.length * 2);
        try {
            while (true) {
                int n = inflater.inflate(buffer);
                if (n == 0) {
                    if (inflater.finished() || inflater.needsInput() || inflater.needsDictionary()) {
                        break;
                    }
                }
                out.write(buffer, 0, n);
                if (out.size() > maxInflatedPerChunk) {
                    throw new IOException("inflated input exceeds " + maxInflatedPerChunk + " octets");
                }
            }
        } catch (DataFormatException e) {
            throw new IOException(e.getMessage(), e);
        }
        return out.toByteArray();
    }

    void close() {
        deflater.end();
        inflater.end();
    }
}
