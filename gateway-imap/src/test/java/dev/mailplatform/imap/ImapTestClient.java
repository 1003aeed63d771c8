package dev.mailplatform.imap;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * A raw-socket IMAP client for tests: sends bytes exactly as given, reads lines and literals byte-exact; can switch
 * to TLS (STARTTLS or implicit) and to DEFLATE compression mid-connection like a real client.
 */
public final class ImapTestClient implements AutoCloseable {
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    public ImapTestClient(int port) throws IOException {
        this(port, false);
    }

    public ImapTestClient(int port, boolean implicitTls) throws IOException {
        socket = new Socket();
        socket.setReceiveBufferSize(4096); // small buffers make the server hit back-pressure on large bodies
        socket.setSoTimeout(30_000);
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        in = socket.getInputStream();
        out = socket.getOutputStream();
        if (implicitTls) {
            startTls();
        }
    }

    /** Layers TLS over the connection (after STARTTLS's OK, or at once for IMAPS); trusts the self-signed cert. */
    public String startTls() throws IOException {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new TrustAll()}, new SecureRandom());
            SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(socket, "localhost",
                    socket.getPort(), true);
            tls.setUseClientMode(true);
            tls.startHandshake();
            socket = tls;
            in = tls.getInputStream();
            out = tls.getOutputStream();
            return tls.getSession().getProtocol();
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException(e);
        }
    }

    /** RFC 4978: raw deflate both ways from now on. */
    public void startCompression() {
        in = new InflaterInputStream(in, new Inflater(true), 1);
        out = new DeflaterOutputStream(out, new Deflater(Deflater.DEFAULT_COMPRESSION, true), true);
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

    /** The tagged line of a command. */
    public String tagged(String tag, String command) throws IOException {
        List<String> lines = command(tag, command);
        return lines.get(lines.size() - 1);
    }

    /**
     * Lines up to and including the tagged one; a line announcing a literal is joined with the literal's text and
     * the rest of the line, so each response is one string.
     */
    public List<String> readUntilTagged(String tag) throws IOException {
        List<String> lines = new ArrayList<>();
        while (true) {
            String line = readResponse();
            lines.add(line);
            if (line.startsWith(tag + " ")) {
                return lines;
            }
        }
    }

    /** One response with its literals inlined. */
    public String readResponse() throws IOException {
        StringBuilder response = new StringBuilder(readLine());
        java.util.regex.Matcher m;
        while ((m = java.util.regex.Pattern.compile("~?\\{(\\d+)}$").matcher(response)).find()) {
            byte[] literal = readBytes(Integer.parseInt(m.group(1)));
            response.append("\r\n").append(new String(literal, StandardCharsets.UTF_8)).append(readLine());
        }
        return response.toString();
    }

    /** True when the server has closed the connection (reads EOF within the socket timeout). */
    public boolean isClosedByServer() throws IOException {
        try {
            return in.read() < 0;
        } catch (java.net.SocketException e) {
            return true; // connection reset also means closed
        }
    }

    public void setTimeout(int millis) throws IOException {
        socket.setSoTimeout(millis);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    private static final class TrustAll implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
