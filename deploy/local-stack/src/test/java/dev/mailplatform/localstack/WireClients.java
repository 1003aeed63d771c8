package dev.mailplatform.localstack;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * Minimal SMTP, POP3 and IMAP clients that speak the protocols byte by byte, so the end-to-end test sees exactly what
 * a mail client sees on the wire.
 */
final class WireClients {
    private WireClients() {
    }

    /** A line-oriented connection: reads CRLF-terminated lines and raw byte counts. */
    static final class Wire implements AutoCloseable {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;

        Wire(String host, int port) throws IOException {
            socket = new Socket(host, port);
            socket.setSoTimeout(30_000);
            in = socket.getInputStream();
            out = socket.getOutputStream();
        }

        String line() throws IOException {
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            int prev = -1;
            while (true) {
                int b = in.read();
                if (b < 0) {
                    throw new IOException("connection closed after: " + buf);
                }
                if (prev == '\r' && b == '\n') {
                    byte[] bytes = buf.toByteArray();
                    return new String(bytes, 0, bytes.length - 1, StandardCharsets.UTF_8);
                }
                buf.write(b);
                prev = b;
            }
        }

        byte[] bytes(int count) throws IOException {
            return in.readNBytes(count);
        }

        void send(String text) throws IOException {
            send(text.getBytes(StandardCharsets.UTF_8));
        }

        void send(byte[] bytes) throws IOException {
            out.write(bytes);
            out.flush();
        }

        /** Reads an SMTP reply (all continuation lines) and returns its last line. */
        String smtpReply() throws IOException {
            String line;
            do {
                line = line();
            } while (line.length() > 3 && line.charAt(3) == '-');
            return line;
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /** Sends one message; returns the reply to the end of DATA (or the first refusal). */
    static String smtpSend(int port, String from, String to, byte[] message) throws IOException {
        try (Wire w = new Wire("127.0.0.1", port)) {
            expect(w.smtpReply(), "220");
            w.send("EHLO e2e.test\r\n");
            expect(w.smtpReply(), "250");
            w.send("MAIL FROM:<" + from + ">\r\n");
            expect(w.smtpReply(), "250");
            w.send("RCPT TO:<" + to + ">\r\n");
            String rcpt = w.smtpReply();
            if (!rcpt.startsWith("250")) {
                w.send("QUIT\r\n");
                return rcpt;
            }
            w.send("DATA\r\n");
            expect(w.smtpReply(), "354");
            w.send(dotStuff(message));
            w.send(".\r\n");
            String done = w.smtpReply();
            w.send("QUIT\r\n");
            expect(w.smtpReply(), "221");
            return done;
        }
    }

    /** POP3: RETR of message {@code number}, with the byte-stuffing undone. */
    static byte[] pop3Retrieve(int port, String user, String password, int number) throws IOException {
        try (Wire w = new Wire("127.0.0.1", port)) {
            expect(w.line(), "+OK");
            w.send("USER " + user + "\r\n");
            expect(w.line(), "+OK");
            w.send("PASS " + password + "\r\n");
            expect(w.line(), "+OK");
            w.send("RETR " + number + "\r\n");
            expect(w.line(), "+OK");
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            while (true) {
                String line = w.line();
                if (line.equals(".")) {
                    break;
                }
                body.writeBytes((line.startsWith(".") ? line.substring(1) : line).getBytes(StandardCharsets.UTF_8));
                body.writeBytes(new byte[] {'\r', '\n'});
            }
            w.send("QUIT\r\n");
            expect(w.line(), "+OK");
            return body.toByteArray();
        }
    }

    /** IMAP: FETCH BODY[] of sequence number {@code number} in INBOX. */
    static byte[] imapFetch(int port, String user, String password, int number) throws IOException {
        try (Wire w = new Wire("127.0.0.1", port)) {
            expect(w.line(), "* OK");
            w.send("a1 LOGIN \"" + user + "\" \"" + password + "\"\r\n");
            untilTagged(w, "a1");
            w.send("a2 SELECT INBOX\r\n");
            untilTagged(w, "a2");
            w.send("a3 FETCH " + number + " BODY[]\r\n");
            byte[] body = null;
            while (true) {
                String line = w.line();
                if (line.startsWith("* " + number + " FETCH") && line.endsWith("}")) {
                    int size = Integer.parseInt(line.substring(line.lastIndexOf('{') + 1, line.length() - 1));
                    body = w.bytes(size);
                    w.line(); // the rest of the FETCH response: ")" or more items
                } else if (line.startsWith("a3 ")) {
                    expect(line, "a3 OK");
                    break;
                }
            }
            w.send("a4 LOGOUT\r\n");
            untilTagged(w, "a4");
            if (body == null) {
                throw new IOException("no BODY[] literal in the FETCH response");
            }
            return body;
        }
    }

    private static void untilTagged(Wire w, String tag) throws IOException {
        while (true) {
            String line = w.line();
            if (line.startsWith(tag + " ")) {
                expect(line, tag + " OK");
                return;
            }
        }
    }

    static byte[] dotStuff(byte[] message) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        boolean lineStart = true;
        for (byte b : message) {
            if (lineStart && b == '.') {
                out.write('.');
            }
            out.write(b);
            lineStart = b == '\n';
        }
        return out.toByteArray();
    }

    static void expect(String line, String prefix) throws IOException {
        if (!line.startsWith(prefix)) {
            throw new IOException("expected '" + prefix + "' but got '" + line + "'");
        }
    }
}
