package dev.mailplatform.imap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailplatform.blobstore.BlobKeys;
import dev.mailplatform.blobstore.BlobStore;
import dev.mailplatform.contracts.Json;
import dev.mailplatform.contracts.Topics;
import dev.mailplatform.contracts.events.LocalDelivery;
import dev.mailplatform.imap.config.ImapConfig;
import dev.mailplatform.imap.server.ImapNode;
import dev.mailplatform.imap.server.ImapServer;
import dev.mailplatform.mailboxclient.MailboxClient;
import dev.mailplatform.testkit.Infrastructure;
import dev.mailplatform.testkit.MailboxServiceProcess;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.io.IOException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Two sessions on one mailbox, and two gateway nodes that share nothing but Kafka: sequence numbers stay consistent
 * (no EXPUNGE during FETCH, RFC 9051 §7.5.1) and IDLE sessions on one node see changes made through the other.
 */
@QuarkusTest
@QuarkusTestResource(value = ImapTestResource.class, restrictToAnnotatedClass = false)
class ConcurrencyIT {
    private static Vertx secondVertx;
    private static ImapNode secondNode;
    private static MailboxClient secondClient;

    @Inject
    ImapServer server;
    @Inject
    ImapConfig config;
    @Inject
    BlobStore blobStore;

    @AfterAll
    static void stopSecondNode() {
        if (secondNode != null) {
            secondNode.close();
            secondClient.close();
            secondVertx.close();
        }
    }

    @Test
    void noExpungeDuringFetchButAtNoop() throws Exception {
        TestMailboxes box = TestMailboxes.create("imap-conc");
        box.deliver(box.message("one", "1\r\n"));
        box.deliver(box.message("two", "2\r\n"));
        try (ImapTestClient a = login(server.port(), box); ImapTestClient b = login(server.port(), box)) {
            assertThat(a.command("a1", "SELECT INBOX")).contains("* 2 EXISTS");
            assertThat(b.command("b1", "SELECT INBOX")).contains("* 2 EXISTS");
            assertThat(b.tagged("b2", "STORE 1 +FLAGS.SILENT (\\Deleted)")).isEqualTo("b2 OK STORE completed");
            assertThat(b.command("b3", "EXPUNGE")).containsExactly("* 1 EXPUNGE", "b3 OK EXPUNGE completed");
            Thread.sleep(300); // let the change event reach session a, so its FETCH sees the expunge
            List<String> fetch = a.command("a2", "FETCH 1:2 (FLAGS)");
            assertThat(fetch).noneMatch(l -> l.contains("EXPUNGE"));
            assertThat(fetch.get(fetch.size() - 1)).isEqualTo("a2 OK FETCH completed");
            List<String> search = a.command("a3", "SEARCH ALL");
            assertThat(search).noneMatch(l -> l.contains("EXPUNGE"));
            // NOOP is where the expunge may be told; sequence numbers then shift down
            assertThat(a.command("a4", "NOOP")).containsExactly("* 1 EXPUNGE", "a4 OK NOOP completed");
            assertThat(a.command("a5", "FETCH 1 (UID)")).hasSize(2);
            assertThat(a.tagged("a6", "FETCH 2 (UID)")).isEqualTo("a6 BAD Invalid message sequence number");
        }
    }

    @Test
    void flagChangesOfOtherSessionsArriveAsFetch() throws Exception {
        TestMailboxes box = TestMailboxes.create("imap-flags");
        box.deliver(box.message("one", "1\r\n"));
        try (ImapTestClient a = login(server.port(), box); ImapTestClient b = login(server.port(), box)) {
            a.command("a1", "SELECT INBOX");
            b.command("b1", "SELECT INBOX");
            b.tagged("b2", "STORE 1 +FLAGS.SILENT (\\Flagged)");
            List<String> noop = a.command("a2", "NOOP");
            assertThat(noop.get(0)).matches("\\* 1 FETCH \\(UID \\d+ FLAGS \\(\\\\Flagged\\)\\)");
        }
    }

    /**
     * A session ignores the echoes of its own changes (their results are in its view already) but never another
     * session's: a flag set by b reaches a's view, and a's flag-only SEARCH, answered from that view, agrees.
     */
    @Test
    void ownChangesAreNotLookedUpAgainButOthersAre() throws Exception {
        TestMailboxes box = TestMailboxes.create("imap-echo");
        for (int i = 1; i <= 3; i++) {
            box.deliver(box.message("m" + i, i + "\r\n"));
        }
        try (ImapTestClient a = login(server.port(), box); ImapTestClient b = login(server.port(), box)) {
            a.command("a1", "SELECT INBOX");
            b.command("b1", "SELECT INBOX");
            assertThat(a.command("a2", "STORE 1 +FLAGS (\\Seen)")).first().asString()
                    .matches("\\* 1 FETCH \\(FLAGS \\(\\\\Seen\\)\\)");
            b.tagged("b2", "STORE 2 +FLAGS.SILENT (\\Flagged)");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            List<String> flags;
            do {
                flags = a.command("a3", "FETCH 2 (FLAGS)");
            } while (flags.stream().noneMatch(l -> l.contains("\\Flagged")) && System.nanoTime() < deadline);
            assertThat(flags).anyMatch(l -> l.startsWith("* 2 FETCH") && l.contains("\\Flagged"));
            assertThat(a.command("a4", "SEARCH FLAGGED")).containsExactly("* SEARCH 2", "a4 OK SEARCH completed");
            assertThat(a.command("a5", "SEARCH SEEN NOT FLAGGED")).containsExactly("* SEARCH 1",
                    "a5 OK SEARCH completed");
            assertThat(a.command("a6", "SEARCH UNSEEN SUBJECT m3")).containsExactly("* SEARCH 3",
                    "a6 OK SEARCH completed"); // a header key: searched by the mailbox service

            // a's own APPEND is announced before its OK; one by b arrives at a's next NOOP
            byte[] own = box.message("own", "4\r\n");
            a.send("a7 APPEND INBOX {" + own.length + "+}\r\n");
            a.send(own);
            a.send("\r\n");
            List<String> appended = a.readUntilTagged("a7");
            assertThat(appended.get(0)).isEqualTo("* 4 EXISTS");
            assertThat(appended.get(appended.size() - 1)).contains("APPENDUID").contains("APPEND completed");
            byte[] theirs = box.message("theirs", "5\r\n");
            b.send("b3 APPEND INBOX {" + theirs.length + "+}\r\n");
            b.send(theirs);
            b.send("\r\n");
            // b is told a's pending changes along the way (a's \\Seen, its message 4)
            assertThat(b.readUntilTagged("b3")).contains("* 5 EXISTS");
            assertThat(a.command("a8", "NOOP")).contains("* 5 EXISTS");
            a.tagged("a9", "STORE 4 +FLAGS.SILENT (\\Deleted)");
            assertThat(a.command("a10", "EXPUNGE")).containsExactly("* 4 EXPUNGE", "a10 OK EXPUNGE completed");
            assertThat(a.command("a11", "SEARCH ALL")).containsExactly("* SEARCH 1 2 3 4", "a11 OK SEARCH completed");
            assertThat(b.command("b4", "NOOP")).contains("* 4 EXPUNGE");
        }
    }

    /**
     * A client's usual cycle (SELECT, APPEND, flag the message \Deleted, EXPUNGE, SEARCH, and again) needs no
     * message listing beyond SELECT's: the results of its own commands are applied as they are, the echoes of them
     * that arrive later are recognised, and SELECT's view has seen every UID below UIDNEXT, also the ones of messages
     * expunged since (NOOP would list: it is the client's explicit request to look again). Counted at the mailbox
     * service.
     */
    @Test
    void ownCycleNeedsNoListingBeyondSelect() throws Exception {
        TestMailboxes box = TestMailboxes.create("imap-cycle");
        for (int i = 1; i <= 3; i++) {
            box.deliver(box.message("m" + i, i + "\r\n"));
        }
        try (ImapTestClient a = login(server.port(), box)) {
            double listingsBefore = mailboxServiceRequests("GET", "/messages\"");
            double selectionsBefore = mailboxServiceRequests("GET", "/selection\"");
            for (int round = 1; round <= 2; round++) {
                assertThat(a.command("s" + round, "SELECT INBOX")).contains("* 3 EXISTS");
                byte[] own = box.message("own " + round, "x\r\n");
                a.send("a" + round + " APPEND INBOX {" + own.length + "+}\r\n");
                a.send(own);
                a.send("\r\n");
                assertThat(a.readUntilTagged("a" + round)).first().isEqualTo("* 4 EXISTS");
                a.tagged("d" + round, "STORE 4 +FLAGS.SILENT (\\Deleted)");
                assertThat(a.command("e" + round, "EXPUNGE")).containsExactly("* 4 EXPUNGE",
                        "e" + round + " OK EXPUNGE completed");
                assertThat(a.command("n" + round, "SEARCH ALL")).containsExactly("* SEARCH 1 2 3",
                        "n" + round + " OK SEARCH completed");
            }
            Thread.sleep(300); // the last echoes arrive meanwhile
            assertThat(a.command("f", "FETCH 1:* (FLAGS)")).hasSize(4);
            assertThat(mailboxServiceRequests("GET", "/selection\"") - selectionsBefore).isEqualTo(2);
            assertThat(mailboxServiceRequests("GET", "/messages\"") - listingsBefore).isZero();
        }
    }

    /** Requests the mailbox service has served for URIs ending in {@code uriEnd}, from its Prometheus metrics. */
    private static double mailboxServiceRequests(String method, String uriEnd) throws Exception {
        java.net.http.HttpResponse<String> metrics = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(MailboxServiceProcess.shared().baseUrl()
                        + "/q/metrics")).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(metrics.statusCode()).isEqualTo(200);
        double sum = 0;
        for (String line : metrics.body().split("\n")) {
            if (line.startsWith("http_server_requests_seconds_count{") && line.contains("method=\"" + method + "\"")
                    && line.contains(uriEnd)) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    @Test
    void idlePushAcrossTwoNodes() throws Exception {
        ImapNode second = secondNode();
        assertThat(server.node().events().awaitAssignment(Duration.ofSeconds(30))).isTrue();
        assertThat(second.events().awaitAssignment(Duration.ofSeconds(30))).isTrue();
        TestMailboxes box = TestMailboxes.create("imap-push");
        try (ImapTestClient idler = login(second.port(), box); ImapTestClient writer = login(server.port(), box)) {
            assertThat(idler.command("i1", "SELECT INBOX")).contains("* 0 EXISTS");
            idler.send("i2 IDLE\r\n");
            assertThat(idler.readLine()).isEqualTo("+ idling");
            BlockingQueue<String> pushed = new LinkedBlockingQueue<>();
            List<Long> arrivals = Collections.synchronizedList(new ArrayList<>());
            Thread reader = new Thread(() -> {
                try {
                    while (true) {
                        String line = idler.readLine();
                        arrivals.add(System.nanoTime());
                        pushed.add(line);
                        if (line.startsWith("i2 ")) {
                            return;
                        }
                    }
                } catch (IOException e) {
                    pushed.add("closed: " + e.getMessage());
                }
            });
            reader.start();
            // a change through node one (APPEND) reaches the idle session on node two
            byte[] message = box.message("pushed", "hi\r\n");
            writer.send("w1 APPEND INBOX {" + message.length + "+}\r\n");
            writer.send(message);
            writer.send("\r\n");
            assertThat(writer.readUntilTagged("w1").get(0)).contains("APPEND completed");
            assertThat(pushed.poll(10, TimeUnit.SECONDS)).isEqualTo("* 1 EXISTS");
            assertThat(pushed.poll(10, TimeUnit.SECONDS)).isEqualTo("* 1 RECENT");
            // a flag change and an expunge through node one arrive too
            writer.command("w2", "SELECT INBOX");
            writer.tagged("w3", "STORE 1 +FLAGS.SILENT (\\Deleted)");
            assertThat(pushed.poll(10, TimeUnit.SECONDS)).matches("\\* 1 FETCH \\(UID \\d+ FLAGS \\(\\\\Deleted "
                    + "\\\\Recent\\)\\)");
            writer.command("w4", "EXPUNGE");
            assertThat(pushed.poll(10, TimeUnit.SECONDS)).isEqualTo("* 1 EXPUNGE");

            // latency from the durable hand-off to Kafka (what follows SMTP's 250) to the pushed EXISTS line
            List<Long> latencies = measureDeliveryToExists(box, pushed, arrivals, 20);
            Collections.sort(latencies);
            long p50 = latencies.get(latencies.size() / 2);
            long p99 = latencies.get(latencies.size() - 1);
            System.out.printf("IMAP push latency deliver-local -> '* n EXISTS' over %d deliveries: p50=%d ms, "
                    + "max(p99)=%d ms%n", latencies.size(), p50, p99);
            assertThat(p50).as("push latency p50 in ms").isLessThan(2_000);

            idler.send("DONE\r\n");
            reader.join(10_000);
            assertThat(pushed).last().isEqualTo("i2 OK IDLE terminated");
        }
    }

    private List<Long> measureDeliveryToExists(TestMailboxes box, BlockingQueue<String> pushed, List<Long> arrivals,
            int count) throws Exception {
        Infrastructure infra = Infrastructure.shared();
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrap());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        List<Long> latencies = new ArrayList<>();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(),
                new ByteArraySerializer())) {
            for (int i = 0; i < count; i++) {
                byte[] raw = box.message("latency " + i, "n" + i + "\r\n");
                String key = BlobKeys.messageKey(MessageDigest.getInstance("SHA-256").digest(raw));
                blobStore.put(key, raw);
                String messageId = UUID.randomUUID().toString();
                LocalDelivery delivery = new LocalDelivery(LocalDelivery.deliveryIdOf(messageId, box.account),
                        messageId, UUID.randomUUID().toString(), box.tenant, box.account, box.address,
                        "bob@sender.example", key, raw.length, Instant.now());
                arrivals.clear();
                long start = System.nanoTime();
                producer.send(new ProducerRecord<>(Topics.DELIVER_LOCAL, box.account.toString(),
                        Json.toBytes(delivery))).get(10, TimeUnit.SECONDS);
                String line;
                do {
                    line = pushed.poll(10, TimeUnit.SECONDS);
                    assertThat(line).as("push %d", i).isNotNull();
                } while (!line.endsWith(" EXISTS"));
                long arrived = arrivals.isEmpty() ? System.nanoTime() : arrivals.get(0);
                latencies.add(TimeUnit.NANOSECONDS.toMillis(arrived - start));
                pushed.poll(2, TimeUnit.SECONDS); // the RECENT line that follows
            }
        }
        return latencies;
    }

    /** Started on first use: it needs the injected beans. */
    private synchronized ImapNode secondNode() throws Exception {
        if (secondNode == null) {
            secondVertx = Vertx.vertx();
            MailboxServiceProcess mailbox = MailboxServiceProcess.shared();
            secondClient = new MailboxClient(secondVertx, mailbox.baseUrl(), mailbox.serviceToken());
            secondNode = new ImapNode(secondVertx, config, secondClient, blobStore, new SimpleMeterRegistry(),
                    Infrastructure.shared().kafkaBootstrap(), null, "second").start();
        }
        return secondNode;
    }

    private static ImapTestClient login(int port, TestMailboxes box) throws IOException {
        ImapTestClient c = new ImapTestClient(port);
        c.readLine();
        assertThat(c.tagged("l", box.login())).endsWith("LOGIN completed");
        return c;
    }
}
