package dev.mailplatform.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailplatform.contracts.Json;
import dev.mailplatform.contracts.Topics;
import dev.mailplatform.contracts.events.AcceptedMail;
import dev.mailplatform.contracts.events.EnvelopeRecipient;
import dev.mailplatform.testkit.AdminApi;
import dev.mailplatform.testkit.Infrastructure;
import dev.mailplatform.testkit.MailboxServiceProcess;
import dev.mailplatform.testkit.Ports;
import dev.mailplatform.testkit.ServiceProcess;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The packaged delivery worker is killed with SIGKILL in the middle of a batch of outbound mail, then started again:
 * every remote recipient is delivered exactly once (none whose 250 was recorded is sent again, none is lost) and
 * every local recipient has the message once in the INBOX. The remote side is a DNS responder and an SMTP server on
 * loopback inside this test; the rest is real (Kafka, PostgreSQL, S3, mailbox service).
 */
class RelayCrashTest {
    private static final int MESSAGES = 30;
    private static final int KILL_AT_DATA = 12;
    private static final Pattern MARKER = Pattern.compile("X-Crash-Marker: (\\S+)");

    private static final List<ServiceProcess> workers = new ArrayList<>();

    @AfterAll
    static void stopWorkers() {
        workers.forEach(ServiceProcess::close);
    }

    @Test
    void killedMidBatchThenRestartedDeliversEveryRecipientExactlyOnce() throws Exception {
        Infrastructure infra = Infrastructure.shared();
        MailboxServiceProcess mailbox = MailboxServiceProcess.shared();
        AdminApi admin = mailbox.admin();
        String localDomain = "crash-" + UUID.randomUUID().toString().substring(0, 8) + ".test";
        UUID tenant = admin.createTenant("crash " + localDomain);
        admin.createDomain(tenant, localDomain);
        UUID account = admin.createAccount(tenant, "inbox@" + localDomain, "pw-" + UUID.randomUUID());

        try (LoopbackDns dns = new LoopbackDns(); CrashingSmtpPeer peer = new CrashingSmtpPeer()) {
            Map<String, String> config = new HashMap<>(infra.quarkusConfig());
            config.putAll(mailbox.configFor());
            config.put("mail.relay.dns-servers", "127.0.0.1:" + dns.port());
            config.put("mail.relay.smtp-port", Integer.toString(peer.port()));
            config.put("mail.relay.retry.schedule", "PT1S,PT2S");
            config.put("mail.relay.retry.jitter", "0");
            // one relay thread: when the peer holds a DATA, every earlier transaction is complete and journaled
            config.put("mail.relay.threads", "1");
            config.put("mail.relay.starttls", "false");
            // offsets committed rarely: after the crash the whole batch is re-run, only the journal prevents resends
            config.put("mail.relay.commit-interval", "PT10M");
            config.put("mail.relay.helo-name", "crash.worker.test");
            Path logs = Path.of(System.getProperty("user.dir"), "target");

            ServiceProcess first = startWorker(config, logs);
            peer.killAtData(KILL_AT_DATA, first);

            List<String> markers = new ArrayList<>();
            try (var producer = new KafkaProducer<>(Map.<String, Object>of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrap(),
                    ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer())) {
                for (int i = 0; i < MESSAGES; i++) {
                    String marker = UUID.randomUUID().toString();
                    markers.add(marker);
                    byte[] body = ("From: someone@" + localDomain + "\r\nTo: many\r\nSubject: crash " + i
                            + "\r\nX-Crash-Marker: " + marker + "\r\n\r\nbody " + i + "\r\n")
                            .getBytes(StandardCharsets.US_ASCII);
                    String key = "messages/crash/" + HexFormat.of().formatHex(
                            MessageDigest.getInstance("SHA-256").digest(body));
                    putBlob(infra, key, body);
                    AcceptedMail mail = new AcceptedMail("crash-" + marker, "trace-" + marker, key, body.length,
                            "someone@" + localDomain,
                            List.of(new EnvelopeRecipient("inbox@" + localDomain, tenant, account),
                                    new EnvelopeRecipient("r1@d" + (i % 3) + ".crash.test", null, null),
                                    new EnvelopeRecipient("r2@d" + (i % 3) + ".crash.test", null, null)),
                            Instant.now(), "client.test", "127.0.0.1", "submission");
                    producer.send(new ProducerRecord<>(Topics.ACCEPTED, mail.messageId(), Json.toBytes(mail)));
                }
                producer.flush();
            }

            await(Duration.ofSeconds(90), () -> !first.isAlive());
            assertThat(peer.dataSeen()).isGreaterThanOrEqualTo(KILL_AT_DATA);
            int deliveredBeforeCrash = peer.totalAccepted();
            assertThat(deliveredBeforeCrash).as("some, not all, delivered before the crash")
                    .isGreaterThan(0).isLessThan(MESSAGES * 2);

            workers.add(startWorker(config, logs));
            await(Duration.ofSeconds(120), () -> peer.totalAccepted() >= MESSAGES * 2);
            // time for a duplicate to show up, were there one
            Thread.sleep(5_000);

            for (String marker : markers) {
                for (String rcptLocal : List.of("r1", "r2")) {
                    assertThat(peer.count(marker, rcptLocal)).as("%s for %s", rcptLocal, marker).isEqualTo(1);
                }
            }
            assertThat(peer.totalAccepted()).isEqualTo(MESSAGES * 2);
            await(Duration.ofSeconds(60), () -> admin.messages(account, "INBOX").size() >= MESSAGES);
            Thread.sleep(2_000);
            assertThat(admin.messages(account, "INBOX")).as("local delivery exactly once in effect")
                    .hasSize(MESSAGES);
        }
    }

    private static ServiceProcess startWorker(Map<String, String> config, Path logs) {
        ServiceProcess p = ServiceProcess.start("delivery-worker", ServiceProcess.jarOf("delivery-worker"), config,
                Ports.free(), logs.resolve("delivery-worker-crash.log"), Duration.ofSeconds(120));
        workers.add(p);
        return p;
    }

    /** PUT with AWS signature version 2 (S3Proxy accepts it): this module has no S3 SDK, and needs none. */
    private static void putBlob(Infrastructure infra, String key, byte[] body) throws Exception {
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        String bucketPath = "/" + infra.s3Bucket();
        String date = java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(
                java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC));
        for (String[] req : new String[][] {{"PUT", bucketPath, ""}, {"PUT", bucketPath + "/" + key, "message/rfc822"}}) {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA1");
            mac.init(new javax.crypto.spec.SecretKeySpec(infra.s3SecretKey().getBytes(StandardCharsets.UTF_8),
                    "HmacSHA1"));
            String toSign = req[0] + "\n\n" + req[2] + "\n" + date + "\n" + req[1];
            String signature = java.util.Base64.getEncoder().encodeToString(
                    mac.doFinal(toSign.getBytes(StandardCharsets.UTF_8)));
            var builder = java.net.http.HttpRequest.newBuilder(java.net.URI.create(infra.s3Endpoint() + req[1]))
                    .header("Date", date).header("Authorization", "AWS " + infra.s3AccessKey() + ":" + signature);
            if (!req[2].isEmpty()) {
                builder.header("Content-Type", req[2]);
            }
            boolean object = !req[2].isEmpty();
            var resp = http.send(builder.PUT(java.net.http.HttpRequest.BodyPublishers.ofByteArray(
                    object ? body : new byte[0])).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            // the bucket usually exists already (409): only the object upload must succeed
            if (object) {
                assertThat(resp.statusCode()).as("S3 PUT %s: %s", req[1], resp.body()).isEqualTo(200);
            }
        }
    }

    private static void await(Duration timeout, java.util.function.BooleanSupplier condition)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(100);
        }
        assertThat(condition.getAsBoolean()).as("condition within %s", timeout).isTrue();
    }

    /**
     * Answers every A query with 127.0.0.1 and every other query with an empty NOERROR answer, so each test
     * domain's implicit MX (RFC 5321 §5.1) is this machine. Wire format per RFC 1035 §4.1.
     */
    static final class LoopbackDns implements AutoCloseable {
        private final DatagramSocket socket;
        private volatile boolean running = true;

        LoopbackDns() throws IOException {
            socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            Thread t = new Thread(this::serve, "crash-dns");
            t.setDaemon(true);
            t.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        private void serve() {
            byte[] buf = new byte[512];
            while (running) {
                try {
                    DatagramPacket in = new DatagramPacket(buf, buf.length);
                    socket.receive(in);
                    byte[] q = java.util.Arrays.copyOf(in.getData(), in.getLength());
                    int end = 12;
                    while (q[end] != 0) {
                        end += (q[end] & 0xff) + 1;
                    }
                    int qtype = ((q[end + 1] & 0xff) << 8) | (q[end + 2] & 0xff);
                    int questionEnd = end + 5;
                    boolean a = qtype == 1;
                    ByteBuffer out = ByteBuffer.allocate(512);
                    out.put(q, 0, 2); // id
                    out.putShort((short) (0x8400 | (q[2] & 0x01) << 8)); // QR, AA, RD copied
                    out.putShort((short) 1).putShort((short) (a ? 1 : 0)).putShort((short) 0).putShort((short) 0);
                    out.put(q, 12, questionEnd - 12);
                    if (a) {
                        out.putShort((short) 0xC00C).putShort((short) 1).putShort((short) 1).putInt(60)
                                .putShort((short) 4).put(new byte[] {127, 0, 0, 1});
                    }
                    socket.send(new DatagramPacket(out.array(), out.position(), in.getSocketAddress()));
                } catch (IOException | RuntimeException e) {
                    if (!running) {
                        return;
                    }
                }
            }
        }

        @Override
        public void close() {
            running = false;
            socket.close();
        }
    }

    /**
     * A plain SMTP server that counts, per message marker and recipient, the transactions it answered 250 to. At the
     * n-th DATA it kills the worker process (SIGKILL) before answering, so that transaction was never accepted.
     */
    static final class CrashingSmtpPeer implements AutoCloseable {
        private final ServerSocket server;
        private final Map<String, AtomicInteger> accepted = new ConcurrentHashMap<>();
        private final AtomicInteger data = new AtomicInteger();
        private volatile int killAt = -1;
        private volatile ServiceProcess victim;

        CrashingSmtpPeer() throws IOException {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread t = new Thread(this::accept, "crash-smtp");
            t.setDaemon(true);
            t.start();
        }

        int port() {
            return server.getLocalPort();
        }

        void killAtData(int n, ServiceProcess process) {
            victim = process;
            killAt = n;
        }

        int dataSeen() {
            return data.get();
        }

        int count(String marker, String rcptLocalPart) {
            AtomicInteger n = accepted.get(marker + "/" + rcptLocalPart);
            return n == null ? 0 : n.get();
        }

        int totalAccepted() {
            return accepted.values().stream().mapToInt(AtomicInteger::get).sum();
        }

        private void accept() {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    Thread t = new Thread(() -> session(s), "crash-smtp-session");
                    t.setDaemon(true);
                    t.start();
                } catch (IOException e) {
                    return;
                }
            }
        }

        private void session(Socket socket) {
            try (socket) {
                InputStream in = new BufferedInputStream(socket.getInputStream());
                OutputStream out = socket.getOutputStream();
                reply(out, "220 crash.peer ESMTP");
                List<String> rcpts = new ArrayList<>();
                String line;
                while ((line = line(in)) != null) {
                    String upper = line.toUpperCase();
                    if (upper.startsWith("EHLO")) {
                        reply(out, "250-crash.peer\r\n250-PIPELINING\r\n250 8BITMIME");
                    } else if (upper.startsWith("MAIL")) {
                        rcpts.clear();
                        reply(out, "250 ok");
                    } else if (upper.startsWith("RCPT")) {
                        rcpts.add(line.substring(line.indexOf('<') + 1, line.indexOf('@')));
                        reply(out, "250 ok");
                    } else if (upper.equals("DATA")) {
                        reply(out, "354 go");
                        String message = readData(in);
                        if (data.incrementAndGet() == killAt && victim != null) {
                            ProcessHandle.of(victim.pid()).ifPresent(ProcessHandle::destroyForcibly);
                            ProcessHandle.of(victim.pid()).ifPresent(h -> h.onExit().orTimeout(10, TimeUnit.SECONDS)
                                    .exceptionally(e -> null).join());
                            return; // never answered: the worker did not see a 250
                        }
                        Matcher m = MARKER.matcher(message);
                        String marker = m.find() ? m.group(1) : "unknown";
                        for (String r : rcpts) {
                            accepted.computeIfAbsent(marker + "/" + r, k -> new AtomicInteger()).incrementAndGet();
                        }
                        reply(out, "250 queued");
                    } else if (upper.equals("RSET") || upper.equals("NOOP")) {
                        reply(out, "250 ok");
                    } else if (upper.equals("QUIT")) {
                        reply(out, "221 bye");
                        return;
                    } else {
                        reply(out, "500 unknown");
                    }
                }
            } catch (IOException e) {
                // the worker was killed or closed the connection
            }
        }

        private static String readData(InputStream in) throws IOException {
            StringBuilder sb = new StringBuilder();
            String line;
            while ((line = line(in)) != null && !line.equals(".")) {
                sb.append(line.startsWith(".") ? line.substring(1) : line).append("\r\n");
            }
            return sb.toString();
        }

        private static String line(InputStream in) throws IOException {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            int c;
            while ((c = in.read()) >= 0) {
                if (c == '\n') {
                    String s = b.toString(StandardCharsets.UTF_8);
                    return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
                }
                b.write(c);
            }
            return null;
        }

        private static void reply(OutputStream out, String text) throws IOException {
            out.write((text + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
