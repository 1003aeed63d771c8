package dev.mailplatform.delivery.smtp;

import java.io.ByteArrayOutputStream;

/** The DATA payload for a message: dot-stuffed and terminated (RFC 5321 §4.5.2 and §4.1.1.4). Pure. */
public final class DataEncoder {
    private DataEncoder() {
    }

    /**
     * Doubles a "." at the start of every line, makes sure the last line ends with CRLF and appends ".CRLF". Bare LF
     * and bare CR become CRLF (RFC 5321 §2.3.8: they must not be sent).
     */
    public static byte[] encode(byte[] message) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(message.length + message.length / 64 + 5);
        boolean lineStart = true;
        for (int i = 0; i < message.length; i++) {
            byte b = message[i];
            if (b == '\r') {
                out.write('\r');
                out.write('\n');
                if (i + 1 < message.length && message[i + 1] == '\n') {
                    i++;
                }
                lineStart = true;
                continue;
            }
            if (b == '\n') {
                out.write('\r');
                out.write('\n');
                lineStart = true;
                continue;
            }
            if (lineStart && b == '.') {
                out.write('.');
            }
            out.write(b);
            lineStart = false;
        }
        if (!lineStart) {
            out.write('\r');
            out.write('\n');
        }
        out.write('.');
        out.write('\r');
        out.write('\n');
        return out.toByteArray();
    }
}
