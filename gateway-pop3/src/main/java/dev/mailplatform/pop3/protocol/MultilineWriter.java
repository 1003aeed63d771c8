/* Mail platform. Licensed under the Apache License 2.0. */
package dev.mailplatform.pop3.protocol;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Short multi-line responses built in memory (scan listings, CAPA). Message bodies stream through {@link MessageEncoder}. */
public final class MultilineWriter {
    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] TERMINATOR = {'.', '\r', '\n'};

    private MultilineWriter() {
    }

    /** RFC 1939 §3: status line, each line byte-stuffed, then "." CRLF. */
    public static byte[] multiline(Pop3Response status, List<String> lines) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 + lines.size() * 16);
        out.writeBytes(status.toBytes());
        for (String line : lines) {
            if (line.startsWith(".")) {
                out.write('.');
            }
            out.writeBytes(line.getBytes(StandardCharsets.UTF_8));
            out.writeBytes(CRLF);
        }
        out.writeBytes(TERMINATOR);
        return out.toByteArray();
    }
}
