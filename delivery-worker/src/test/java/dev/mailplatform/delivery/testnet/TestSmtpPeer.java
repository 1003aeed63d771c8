package dev.mailplatform.delivery.testnet;

import dev.mailplatform.tls.SelfSignedCertificates;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * A real SMTP server on every loopback address (127.0.0.0/8 reaches it on one port), for relay tests: EHLO with
 * PIPELINING, SIZE, 8BITMIME, DSN and STARTTLS (self-signed certificate), scripted replies per recipient (4xx, 5xx,
 * then 250 on a later attempt), a stall per recipient, a greeting refusal per local address, and a record of every
 * transaction with the exact DATA bytes.
 */
public final class TestSmtpPeer implements AutoCloseable {
    /** One transaction the peer accepted (at least one recipient took 250 and the final "." was answered 250). */
    public record Delivery(String localAddress, boolean tls, boolean pipelined, String mailFrom, String mailParams,
            List<String> recipients, byte[] data, int connection, int transactionOnConnection) {
        public String text() {
            return new String(data, StandardCharsets.UTF_8);
        }
    }

    private final ServerSocket server;
    private final SSLSocketFactory tls;
    private final Thread acceptor;
    private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
    private final Map<String, Deque<String>> rcptScripts = new ConcurrentHashMap<>();
    private final Map<String, Duration> rcptStalls = new ConcurrentHashMap<>();
    private final Set<String> refusingAddresses = ConcurrentHashMap.newKeySet();
    private final List<String> connectionsByLocalAddress = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private volatile boolean pipelining = true;
    private volatile boolean starttls = true;
    private volatile boolean running = true;

    public TestSmtpPeer(Path workDir) throws Exception {
        this(selfSigned(workDir, List.of("mx.test", "127.0.0.1")), workDir.resolve("peer-key.pem"));
    }

    /** With a given certificate (PEM) and key (PKCS#8 PEM). */
    public TestSmtpPeer(Path cert, Path key) throws Exception {
        tls = serverContext(cert, key).getSocketFactory();
        server = new ServerSocket();
        server.setReuseAddress(true);
        // the wildcard address so that 127.0.0.2, 127.0.0.3, ... (different "MX hosts") all reach this peer
        server.bind(new InetSocketAddress(InetAddress.getByName("0.0.0.0"), 0));
        acceptor = new Thread(this::accept, "test-smtp-peer");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Replies the peer gives to RCPT TO for this address, one per attempt; 250 once the script is used up. */
    public TestSmtpPeer script(String recipient, String... replies) {
        rcptScripts.put(recipient.toLowerCase(Locale.ROOT), new ConcurrentLinkedDeque<>(List.of(replies)));
        return this;
    }

    /** The peer waits this long before answering RCPT TO for the address. */
    public TestSmtpPeer stall(String recipient, Duration duration) {
        rcptStalls.put(recipient.toLowerCase(Locale.ROOT), duration);
        return this;
    }

    /** Connections to this local address get "421" as greeting (an MX host that is down). */
    public TestSmtpPeer refuseOn(String localAddress) {
        refusingAddresses.add(localAddress);
        return this;
    }

    public TestSmtpPeer pipelining(boolean offered) {
        this.pipelining = offered;
        return this;
    }

    public TestSmtpPeer starttls(boolean offered) {
        this.starttls = offered;
        return this;
    }

    public List<Delivery> deliveries() {
        return List.copyOf(deliveries);
    }

    /** Deliveries that carried this recipient. */
    public List<Delivery> deliveriesTo(String recipient) {
        return deliveries.stream().filter(d -> d.recipients().stream().anyMatch(r -> r.equalsIgnoreCase(recipient)))
                .toList();
    }

    /** Local addresses of every connection, in order (which "MX host" was tried). */
    public List<String> connectionsByLocalAddress() {
        return List.copyOf(connectionsByLocalAddress);
    }

    private void accept() {
        while (running) {
            try {
                Socket s = server.accept();
                Thread t = new Thread(() -> session(s), "test-smtp-session");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                if (!running) {
                    return;
                }
            }
        }
    }

    private void session(Socket socket) {
        int connection = connections.incrementAndGet();
        String local = socket.getLocalAddress().getHostAddress();
        connectionsByLocalAddress.add(local);
        try (socket) {
            socket.setSoTimeout(60_000);
            Io io = new Io(socket);
            if (refusingAddresses.contains(local)) {
                io.reply("421 4.3.2 " + local + " is not available");
                return;
            }
            io.reply("220 mx.test ESMTP test peer");
            boolean secure = false;
            String mailFrom = null;
            String mailParams = "";
            boolean pipelined = false;
            List<String> accepted = new ArrayList<>();
            int transactions = 0;
            while (true) {
                String line = io.line();
                if (line == null) {
                    return;
                }
                String upper = line.toUpperCase(Locale.ROOT);
                if (upper.startsWith("EHLO")) {
                    StringBuilder sb = new StringBuilder("250-mx.test greets you\r\n");
                    if (pipelining) {
                        sb.append("250-PIPELINING\r\n");
                    }
                    sb.append("250-SIZE 10485760\r\n250-8BITMIME\r\n250-DSN\r\n");
                    if (starttls && !secure) {
                        sb.append("250-STARTTLS\r\n");
                    }
                    sb.append("250 ENHANCEDSTATUSCODES");
                    io.reply(sb.toString());
                } else if (upper.startsWith("HELO")) {
                    io.reply("250 mx.test");
                } else if (upper.equals("STARTTLS") && !secure) {
                    io.reply("220 2.0.0 go ahead");
                    SSLSocket ssl = (SSLSocket) tls.createSocket(socket, null, socket.getPort(), false);
                    ssl.setUseClientMode(false);
                    ssl.startHandshake();
                    io = new Io(ssl);
                    secure = true;
                } else if (upper.startsWith("MAIL FROM:")) {
                    pipelined = io.buffered() > 0;
                    int close = line.indexOf('>');
                    mailFrom = line.substring(line.indexOf('<') + 1, close);
                    mailParams = line.substring(close + 1).trim();
                    accepted.clear();
                    io.reply("250 2.1.0 ok");
                } else if (upper.startsWith("RCPT TO:")) {
                    String rcpt = line.substring(line.indexOf('<') + 1, line.indexOf('>'));
                    Duration stall = rcptStalls.get(rcpt.toLowerCase(Locale.ROOT));
                    if (stall != null) {
                        Thread.sleep(stall.toMillis());
                    }
                    Deque<String> script = rcptScripts.get(rcpt.toLowerCase(Locale.ROOT));
                    String reply = script == null || script.isEmpty() ? "250 2.1.5 ok" : script.pollFirst();
                    if (reply.startsWith("2")) {
                        accepted.add(rcpt);
                    }
                    io.reply(reply);
                } else if (upper.equals("DATA")) {
                    if (mailFrom == null || accepted.isEmpty()) {
                        io.reply("554 5.5.1 no valid recipients");
                        continue;
                    }
                    io.reply("354 go ahead");
                    byte[] data = io.data();
                    transactions++;
                    deliveries.add(new Delivery(local, secure, pipelined, mailFrom, mailParams, List.copyOf(accepted),
                            data, connection, transactions));
                    io.reply("250 2.0.0 queued as " + connection + "." + transactions);
                    mailFrom = null;
                    accepted.clear();
                } else if (upper.equals("RSET")) {
                    mailFrom = null;
                    accepted.clear();
                    io.reply("250 2.0.0 ok");
                } else if (upper.equals("NOOP")) {
                    io.reply("250 2.0.0 ok");
                } else if (upper.equals("QUIT")) {
                    io.reply("221 2.0.0 bye");
                    return;
                } else {
                    io.reply("500 5.5.2 unknown command");
                }
            }
        } catch (Exception e) {
            // the client went away or the test ended
        }
    }

    /** Line and DATA reading on one socket (plain or TLS). */
    private static final class Io {
        private final InputStream in;
        private final OutputStream out;

        Io(Socket socket) throws IOException {
            this.in = new BufferedInputStream(socket.getInputStream());
            this.out = socket.getOutputStream();
        }

        int buffered() throws IOException {
            return in.available();
        }

        String line() throws IOException {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            int c;
            while ((c = in.read()) >= 0) {
                if (c == '\n') {
                    byte[] bytes = b.toByteArray();
                    int len = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                    return new String(bytes, 0, len, StandardCharsets.UTF_8);
                }
                b.write(c);
            }
            return null;
        }

        /** The message between 354 and ".": dot-unstuffed, with its CRLFs, exactly as the sender meant it. */
        byte[] data() throws IOException {
            ByteArrayOutputStream message = new ByteArrayOutputStream();
            while (true) {
                ByteArrayOutputStream b = new ByteArrayOutputStream();
                int c;
                while ((c = in.read()) >= 0) {
                    b.write(c);
                    if (c == '\n') {
                        break;
                    }
                }
                if (c < 0) {
                    throw new IOException("closed in DATA");
                }
                byte[] line = b.toByteArray();
                if (line.length == 3 && line[0] == '.' && line[1] == '\r') {
                    return message.toByteArray();
                }
                int from = line.length > 0 && line[0] == '.' ? 1 : 0;
                message.write(line, from, line.length - from);
            }
        }

        void reply(String text) throws IOException {
            out.write((text + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        }
    }

    /** Writes a self-signed certificate for these names to peer-cert.pem / peer-key.pem in the folder. */
    public static Path selfSigned(Path dir, List<String> names) {
        Path cert = dir.resolve("peer-cert.pem");
        SelfSignedCertificates.write(cert, dir.resolve("peer-key.pem"), names, Duration.ofDays(1));
        return cert;
    }

    public static SSLContext serverContext(Path certFile, Path keyFile) throws Exception {
        Certificate cert;
        try (InputStream in = Files.newInputStream(certFile)) {
            cert = CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        String pem = Files.readString(keyFile).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        PrivateKey key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(
                Base64.getDecoder().decode(pem)));
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("peer", key, "x".toCharArray(), new Certificate[] {cert});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "x".toCharArray());
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        return ctx;
    }

    @Override
    public void close() {
        running = false;
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
