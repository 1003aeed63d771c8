/* Mail platform. Licensed under the Apache License 2.0. */
package dev.mailplatform.pop3;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * A scripted POP3 client over a real TCP socket with a small receive buffer, so the server's back-pressure paths run.
 * Reads byte by byte on purpose: tests compare exact octets.
 */
public final class Pop3TestClient implements AutoCloseable {
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    public Pop3TestClient(int port) {
        this(port, 512);
    }

    public Pop3TestClient(int port, int receiveBuffer) {
        try {
            socket = new Socket();
            socket.setReceiveBufferSize(receiveBuffer);
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(15_000);
            in = new java.io.BufferedInputStream(socket.getInputStream(), 8192);
            out = socket.getOutputStream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Connects to the implicit-TLS port, trusting only {@code certificate}, and reads the greeting. */
    public static Pop3TestClient connectTls(int port, java.nio.file.Path certificate) {
        Pop3TestClient client = new Pop3TestClient(port);
        client.handshake(certificate);
        String greeting = client.readLine();
        if (!greeting.startsWith("+OK")) {
            throw new IllegalStateException("unexpected greeting " + greeting);
        }
        return client;
    }

    /** Runs the TLS handshake on the current connection (after STLS's +OK, or at once for port 995). */
    public javax.net.ssl.SSLSession handshake(java.nio.file.Path certificate) {
        try {
            javax.net.ssl.SSLSocket tls = (javax.net.ssl.SSLSocket) TestTls.trusting(certificate).getSocketFactory()
                    .createSocket(socket, "localhost", socket.getPort(), true);
            javax.net.ssl.SSLParameters parameters = tls.getSSLParameters();
            // the same check a real client makes: the certificate must name the host
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            tls.setSSLParameters(parameters);
            tls.setUseClientMode(true);
            tls.startHandshake();
            socket = tls;
            in = new java.io.BufferedInputStream(tls.getInputStream(), 8192);
            out = tls.getOutputStream();
            return tls.getSession();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Bytes the server sent that this client has not read yet, without blocking. */
    public int available() {
        try {
            return in.available();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads and discards up to {@code limit} bytes, feeding them to {@code sink}; returns the count. */
    public long readInto(java.security.MessageDigest sink, byte[] buffer) {
        try {
            int n = in.read(buffer);
            if (n > 0) {
                sink.update(buffer, 0, n);
            }
            return n;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Connects and reads the greeting. */
    public static Pop3TestClient connect(int port) {
        Pop3TestClient client = new Pop3TestClient(port);
        String greeting = client.readLine();
        if (!greeting.startsWith("+OK")) {
            throw new IllegalStateException("unexpected greeting " + greeting);
        }
        return client;
    }

    /** Logs in and returns the PASS reply. */
    public String login(String user, String password) {
        String userReply = command("USER " + user);
        if (!userReply.startsWith("+OK")) {
            throw new IllegalStateException("USER refused: " + userReply);
        }
        return command("PASS " + password);
    }

    /** Sends one line and returns the status line of the reply, without CRLF. */
    public String command(String line) {
        send(line + "\r\n");
        return readLine();
    }

    public void send(String raw) {
        sendBytes(raw.getBytes(StandardCharsets.UTF_8));
    }

    public void sendBytes(byte[] raw) {
        try {
            out.write(raw);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One line without its CRLF; fails if the line does not end in CRLF. */
    public String readLine() {
        byte[] line = readRawLine();
        String s = new String(line, StandardCharsets.UTF_8);
        if (!s.endsWith("\r\n")) {
            throw new IllegalStateException("line without CRLF: " + s);
        }
        return s.substring(0, s.length() - 2);
    }

    /** The raw octets of a multi-line body, up to and including the "." CRLF terminator. */
    public byte[] readMultilineRaw() {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            byte[] line = readRawLine();
            body.writeBytes(line);
            if (line.length == 3 && line[0] == '.' && line[1] == '\r' && line[2] == '\n') {
                return body.toByteArray();
            }
        }
    }

    public String readMultiline() {
        return new String(readMultilineRaw(), StandardCharsets.UTF_8);
    }

    /** True if the server closed the connection (end of stream) within the socket timeout. */
    public boolean isClosedByServer() {
        try {
            return in.read() == -1;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            // a reset also means the server is gone
            return true;
        }
    }

    private byte[] readRawLine() {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        try {
            int prev = -1;
            while (true) {
                int b = in.read();
                if (b < 0) {
                    throw new IllegalStateException("connection closed after " + line);
                }
                line.write(b);
                if (prev == '\r' && b == '\n') {
                    return line.toByteArray();
                }
                prev = b;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Drops the connection without QUIT, as a crashing client would. */
    public void abort() {
        try {
            socket.setSoLinger(true, 0);
            socket.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
