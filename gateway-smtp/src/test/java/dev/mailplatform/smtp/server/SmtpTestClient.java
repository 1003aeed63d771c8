/* Mail platform. Licensed under the Apache License 2.0. */
package dev.mailplatform.smtp.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/** A scripted SMTP client over a real socket: raw bytes out, whole (multi-line) replies in. */
final class SmtpTestClient implements AutoCloseable {
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    SmtpTestClient(int port) throws IOException {
        this(new Socket("127.0.0.1", port));
    }

    private SmtpTestClient(Socket socket) throws IOException {
        this.socket = socket;
        socket.setSoTimeout(20_000);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    /** Connects with TLS from the first byte (RFC 8314 implicit TLS), trusting {@code tls}. */
    static SmtpTestClient implicitTls(int port, SSLContext tls) throws IOException {
        SSLSocket ssl = (SSLSocket) tls.getSocketFactory().createSocket("127.0.0.1", port);
        ssl.startHandshake();
        return new SmtpTestClient(ssl);
    }

    /** After "220 Ready to start TLS": the handshake on the same connection (RFC 3207). */
    SSLSocket upgradeToTls(SSLContext tls) throws IOException {
        SSLSocket ssl = (SSLSocket) tls.getSocketFactory().createSocket(socket, "localhost", socket.getPort(), true);
        ssl.setSoTimeout(20_000);
        ssl.startHandshake();
        socket = ssl;
        in = ssl.getInputStream();
        out = ssl.getOutputStream();
        return ssl;
    }

    /** Trusts exactly the PEM certificate the gateway presents. */
    static SSLContext trusting(java.nio.file.Path certificatePem) throws Exception {
        java.security.cert.Certificate cert;
        try (InputStream pem = java.nio.file.Files.newInputStream(certificatePem)) {
            cert = java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(pem);
        }
        java.security.KeyStore trust = java.security.KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("gateway", cert);
        javax.net.ssl.TrustManagerFactory tmf =
                javax.net.ssl.TrustManagerFactory.getInstance(javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }

    SmtpTestClient send(String text) throws IOException {
        return sendBytes(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    SmtpTestClient sendBytes(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    /** Reads one complete reply (all continuation lines), CRLFs included. */
    String reply() throws IOException {
        StringBuilder reply = new StringBuilder();
        while (true) {
            String line = line();
            if (line == null) {
                throw new IOException("connection closed; reply so far: " + reply);
            }
            reply.append(line).append("\r\n");
            if (line.length() < 4 || line.charAt(3) == ' ') {
                return reply.toString();
            }
        }
    }

    /** Asserts the next reply starts with {@code prefix} (e.g. "250 2.1.5") and returns it. */
    String expect(String prefix) throws IOException {
        String reply = reply();
        String lastLine = reply.substring(reply.lastIndexOf('\n', reply.length() - 3) + 1);
        assertThat(reply.startsWith(prefix) || lastLine.startsWith(prefix))
                .as("reply %s should start with %s", reply.trim(), prefix).isTrue();
        return reply;
    }

    String command(String line, String expectedPrefix) throws IOException {
        send(line + "\r\n");
        return expect(expectedPrefix);
    }

    /** True when the server closed the connection (EOF) within the socket timeout. */
    boolean closedByServer() throws IOException {
        try {
            return in.read() == -1;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    private String line() throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                byte[] bytes = buf.toByteArray();
                int len = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, len, StandardCharsets.ISO_8859_1);
            }
            buf.write(b);
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
