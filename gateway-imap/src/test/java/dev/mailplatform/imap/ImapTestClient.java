package dev.mailplatform.imap;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A raw-socket IMAP client for tests: sends bytes exactly as given, reads lines and literals byte-exact. */
public final class ImapTestClient implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    public ImapTestClient(int port) throws IOException {
        socket = new Socket();
        socket.setReceiveBufferSize(4096); // small buffers make the server hit back-pressure on large bodies
        socket.setSoTimeout(30_000);
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    public void send(String text) throws IOException {
        send(text.getBytes(StandardCharsets.UTF_8));
    }

    public void send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** One line without its CRLF; throws EOFException when the server closed the connection. */
    public String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int prev = -1;
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed after: " + line.toString(StandardCharsets.UTF_8));
            }
            if (prev == '\r' && b == '\n') {
                byte[] bytes = line.toByteArray();
                return new String(bytes, 0, bytes.length - 1, StandardCharsets.UTF_8);
            }
            line.write(b);
            prev = b;
        }
    }

    public byte[] readBytes(int n) throws IOException {
        return in.readNBytes(n);
    }

    /** Sends {@code tag + " " + command} and returns every line up to and including the tagged one. */
    public List<String> command(String tag, String command) throws IOException {
        send(tag + " " + command + "\r\n");
        return readUntilTagged(tag);
    }

    public List<String> readUntilTagged(String tag) throws IOException {
        List<String> lines = new ArrayList<>();
        while (true) {
            String line = readLine();
            lines.add(line);
            if (line.startsWith(tag + " ")) {
                return lines;
            }
        }
    }

    /** True when the server has closed the connection (reads EOF within the socket timeout). */
    public boolean isClosedByServer() throws IOException {
        try {
            return in.read() < 0;
        } catch (java.net.SocketException e) {
            return true; // connection reset also means closed
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
