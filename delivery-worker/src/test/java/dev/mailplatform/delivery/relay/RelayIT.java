package dev.mailplatform.delivery.relay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailplatform.blobstore.BlobKeys;
import dev.mailplatform.blobstore.BlobStore;
import dev.mailplatform.blobstore.BlobStoreConfig;
import dev.mailplatform.contracts.Json;
import dev.mailplatform.contracts.Topics;
import dev.mailplatform.contracts.api.MessageDto;
import dev.mailplatform.contracts.events.AcceptedMail;
import dev.mailplatform.contracts.events.DeliveryFailed;
import dev.mailplatform.contracts.events.EnvelopeRecipient;
import dev.mailplatform.delivery.dkim.DkimSigner;
import dev.mailplatform.delivery.testnet.TestDnsServer;
import dev.mailplatform.delivery.testnet.TestNet;
import dev.mailplatform.delivery.testnet.TestSmtpPeer;
import dev.mailplatform.testkit.Infrastructure;
import dev.mailplatform.testkit.MailboxServiceProcess;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Rcode;

/**
 * The whole worker (accepted mail -> routing -> relay -> retries -> DSN) against real Kafka, S3, the real mailbox
 * service, a DNS server and an SMTP peer on loopback.
 */
@QuarkusTest
@QuarkusTestResource(value = RelayTestResource.class, restrictToAnnotatedClass = false)
class RelayIT {
    private static final Infrastructure INFRA = Infrastructure.shared();
    private static final TestSmtpPeer PEER = TestNet.peer();
    private static final TestDnsServer DNS = TestNet.dns();
    private static BlobStore blobs;

    @BeforeAll
    static void zone() {
        blobs = new BlobStore(new BlobStoreConfig(INFRA.s3Endpoint(), INFRA.s3AccessKey(), INFRA.s3SecretKey(),
                INFRA.s3Bucket(), "us-east-1"));
        blobs.ensureBucket();
        DNS.mx("tls.test", 10, "mx.tls.test").a("mx.tls.test", "127.0.0.1")
                .mx("retry.test", 10, "mx.retry.test").a("mx.retry.test", "127.0.0.1")
                .mx("expire.test", 10, "mx.expire.test").a("mx.expire.test", "127.0.0.1")
                // mx-a (preferred) is down: the relay must fall back to mx-b
                .mx("pref.test", 20, "mx-b.pref.test").mx("pref.test", 10, "mx-a.pref.test")
                .a("mx-a.pref.test", "127.0.0.2").a("mx-b.pref.test", "127.0.0.3")
                .a("nomx.test", "127.0.0.4")
                .nullMx("nullmx.test")
                .fail("flaky.test", Rcode.SERVFAIL);
        PEER.refuseOn("127.0.0.2");
    }

    // ---------------------------------------------------------------- remote delivery

    @Test
    void relaysWithStartTlsAndPipeliningInOneTransactionSignedWithDkim() throws Exception {
        String a = unique("a") + "@tls.test";
        String b = unique("b") + "@tls.test";
        byte[] body = message("alice@" + RelayTestResource.DKIM_DOMAIN, a, "tls and dkim");
        publish(accepted("bob@elsewhere.test", body, Instant.now(), UUID.randomUUID(), remote(a), remote(b)));

        await(Duration.ofSeconds(30), () -> !PEER.deliveriesTo(a).isEmpty());
        List<TestSmtpPeer.Delivery> got = PEER.deliveriesTo(a);
        assertThat(got).hasSize(1);
        TestSmtpPeer.Delivery d = got.get(0);
        assertThat(d.tls()).as("STARTTLS used").isTrue();
        assertThat(d.pipelined()).as("PIPELINING used").isTrue();
        assertThat(d.recipients()).as("one transaction for the domain").containsExactlyInAnyOrder(a, b);
        assertThat(d.mailFrom()).isEqualTo("bob@elsewhere.test");
        assertThat(d.mailParams()).contains("SIZE=" + body.length);
        // exactly the stored bytes, behind one DKIM-Signature of the author's domain
        String text = new String(d.data(), StandardCharsets.ISO_8859_1);
        assertThat(text).startsWith("DKIM-Signature: v=1; a=ed25519-sha256; c=relaxed/relaxed; d="
                + RelayTestResource.DKIM_DOMAIN + "; s=" + RelayTestResource.DKIM_SELECTOR + ";");
        int end = text.indexOf("\r\nFrom: ") + 2;
        assertThat(java.util.Arrays.copyOfRange(d.data(), end, d.data().length)).isEqualTo(body);
        String bodyPart = new String(body, StandardCharsets.ISO_8859_1);
        assertThat(text).contains("bh=" + DkimSigner.bodyHash(bodyPart.substring(bodyPart.indexOf("\r\n\r\n") + 4)));

        String metrics = RestAssured.get("/q/metrics").asString();
        assertThat(metrics).contains("mail_delivery_outbound_connections_total{tls=\"yes\"}")
                .containsPattern("mail_delivery_deliveries_total\\{result=\"delivered\",route=\"remote\"} [1-9]")
                .contains("mail_delivery_latency_seconds_bucket")
                .contains("mail_delivery_queue_depth{stage=\"0\"}")
                .contains("mail_delivery_queue_oldest_age_seconds{stage=\"2\"}");
    }

    @Test
    void signsWithTheKeyTheAdminApiCreatedAndItVerifiesWithThePublishedPublicKey() throws Exception {
        var admin = MailboxServiceProcess.shared().admin();
        String domain = unique("k") + ".signer.test";
        UUID tenant = admin.createTenant("t-" + domain);
        admin.createDomain(tenant, domain);
        String created = adminCall("POST", dev.mailplatform.contracts.api.ApiPaths.TENANT_DOMAIN_DKIM
                .replace("{tenantId}", tenant.toString()).replace("{domain}", domain),
                new dev.mailplatform.contracts.api.CreateDkimKeyRequest("mail2026", "rsa-sha256"));
        var key = Json.fromBytes(created.getBytes(StandardCharsets.UTF_8),
                dev.mailplatform.contracts.api.DkimKeyDto.class);
        assertThat(key.dnsRecord()).contains("p=" + key.publicKeyBase64());
        String rcpt = unique("v") + "@tls.test";
        publish(accepted("ceo@" + domain, message("CEO <ceo@" + domain + ">", rcpt, "signed by the platform"),
                Instant.now(), tenant, remote(rcpt)));
        await(Duration.ofSeconds(30), () -> !PEER.deliveriesTo(rcpt).isEmpty());
        byte[] data = PEER.deliveriesTo(rcpt).get(0).data();
        assertThat(new String(data, StandardCharsets.ISO_8859_1)).startsWith("DKIM-Signature: v=1; a=rsa-sha256; "
                + "c=relaxed/relaxed; d=" + domain + "; s=mail2026;");
        assertThat(dev.mailplatform.delivery.dkim.DkimTestVerifier.verify(data, key.publicKeyBase64())).isNull();
        // a changed byte in the body breaks it: the verifier is not a rubber stamp
        byte[] tampered = data.clone();
        tampered[tampered.length - 3] ^= 1;
        assertThat(dev.mailplatform.delivery.dkim.DkimTestVerifier.verify(tampered, key.publicKeyBase64()))
                .isNotNull();
    }

    @Test
    void mxPreferenceOrderThenFallbackToTheNextAndToTheARecord() throws Exception {
        String viaMx = unique("p") + "@pref.test";
        String viaA = unique("q") + "@nomx.test";
        int before = PEER.connectionsByLocalAddress().size();
        publish(accepted("bob@elsewhere.test", message("bob@elsewhere.test", viaMx, "pref"), Instant.now(), null,
                remote(viaMx)));
        await(Duration.ofSeconds(30), () -> !PEER.deliveriesTo(viaMx).isEmpty());
        assertThat(PEER.deliveriesTo(viaMx).get(0).localAddress()).isEqualTo("127.0.0.3");
        List<String> tried = PEER.connectionsByLocalAddress().subList(before, PEER.connectionsByLocalAddress().size());
        assertThat(tried).containsSubsequence("127.0.0.2", "127.0.0.3");

        publish(accepted("bob@elsewhere.test", message("bob@elsewhere.test", viaA, "a"), Instant.now(), null,
                remote(viaA)));
        await(Duration.ofSeconds(30), () -> !PEER.deliveriesTo(viaA).isEmpty());
        // RFC 5321 §5.1: no MX, so the domain's own address
        assertThat(PEER.deliveriesTo(viaA).get(0).localAddress()).isEqualTo("127.0.0.4");
    }

    @Test
    void mtaStsEnforceDeliversOnlyOverTlsWithACertificateValidForTheListedMx() throws Exception {
        DNS.mx("sts.test", 10, "mx.sts.test").a("mx.sts.test", "127.0.0.1")
                .txt("_mta-sts.sts.test", "v=STSv1; id=1").a("mta-sts.sts.test", "127.0.0.1")
                // the MX name is not in the peer's certificate: enforce forbids delivering there, even over TLS
                .mx("stscert.test", 10, "mx.stscert.test").a("mx.stscert.test", "127.0.0.1")
                .txt("_mta-sts.stscert.test", "v=STSv1; id=1").a("mta-sts.stscert.test", "127.0.0.1")
                // the policy lists another MX than the one DNS names
                .mx("stsbad.test", 10, "mx.sts.test")
                .txt("_mta-sts.stsbad.test", "v=STSv1; id=7").a("mta-sts.stsbad.test", "127.0.0.1");
        TestNet.policy("sts.test", "version: STSv1\nmode: enforce\nmx: mx.sts.test\nmax_age: 86400\n");
        TestNet.policy("stscert.test", "version: STSv1\nmode: enforce\nmx: *.stscert.test\nmax_age: 86400\n");
        TestNet.policy("stsbad.test", "version: STSv1\nmode: enforce\nmx: mx.elsewhere.test\nmax_age: 86400\n");
        String good = unique("s") + "@sts.test";
        String badCert = unique("c") + "@stscert.test";
        String badMx = unique("m") + "@stsbad.test";
        for (String rcpt : List.of(good, badCert, badMx)) {
            publish(accepted("bob@elsewhere.test", message("bob@elsewhere.test", rcpt, "sts"), Instant.now(), null,
                    remote(rcpt)));
        }
        await(Duration.ofSeconds(30), () -> !PEER.deliveriesTo(good).isEmpty());
        assertThat(PEER.deliveriesTo(good).get(0).tls()).isTrue();
        // retries at 1 s and 2 s: time for several attempts at the two that must never be delivered
        Thread.sleep(5_000);
        assertThat(PEER.deliveriesTo(badCert)).as("no delivery to an MX whose certificate does not match").isEmpty();
        assertThat(PEER.deliveriesTo(badMx)).as("no delivery to an MX the policy does not list").isEmpty();
        assertThat(RestAssured.get("/q/metrics").asString())
                .containsPattern("mail_delivery_mta_sts_failures_total(\\{[^}]*})? [1-9]");
    }

    // ---------------------------------------------------------------- retries

    @Test
    void retryThenSuccessWithoutResendingTheRecipientAlreadyAccepted() throws Exception {
        String ok = unique("ok") + "@retry.test";
        String grey = unique("grey") + "@retry.test";
        PEER.script(grey, "451 4.7.1 greylisted, come back later");
        Instant start = Instant.now();
        publish(accepted("bob@elsewhere.test", message("bob@elsewhere.test", ok, "retry"), Instant.now(), null,
                remote(ok), remote(grey)));

        await(Duration.ofSeconds(40), () -> !PEER.deliveriesTo(grey).isEmpty());
        assertThat(PEER.deliveriesTo(grey)).hasSize(1);
        assertThat(PEER.deliveriesTo(grey).get(0).recipients()).containsExactly(grey);
        // the retry waited for its stage (1 s) instead of hammering the peer
        assertThat(Duration.between(start, Instant.now())).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        Thread.sleep(3000);
        assertThat(PEER.deliveriesTo(ok)).as("the 250'd recipient is sent once").hasSize(1);
        assertThat(RestAssured.get("/q/metrics").asString())
                .containsPattern("mail_delivery_deliveries_total\\{result=\"deferred\",route=\"remote\"} [1-9]");
    }

    @Test
    void aDelayNoticeGoesToTheSenderOnceThenTheRetrySucceeds() throws Exception {
        LocalSender sender = localSender();
        String rcpt = unique("slow") + "@retry.test";
        PEER.script(rcpt, "451 4.3.0 try again", "452 4.3.1 still busy");
        // accepted 40 minutes ago; the notice is due after 30 minutes (test config), the expiry is 1 hour
        publish(accepted(sender.address(), message(sender.address(), rcpt, "slow one"),
                Instant.now().minus(Duration.ofMinutes(40)), null, remote(rcpt)));
        String dsn = awaitDsn(sender);
        assertThat(dsn).contains("Subject: Delivery Status Notification (Delay)").contains("Action: delayed")
                .contains("Status: 4.3.0").contains("Will-Retry-Until: ").contains("Final-Recipient: rfc822; " + rcpt);
        await(Duration.ofSeconds(30), () -> !PEER.deliveriesTo(rcpt).isEmpty());
        Thread.sleep(1_000);
        assertThat(MailboxServiceProcess.shared().admin().messages(sender.accountId(), "INBOX"))
                .as("one delay notice, not one per attempt").hasSize(1);
    }

    @Test
    void dnsServfailIsRetriedUntilTheZoneAnswers() throws Exception {
        String rcpt = unique("f") + "@flaky.test";
        publish(accepted("bob@elsewhere.test", message("bob@elsewhere.test", rcpt, "flaky"), Instant.now(), null,
                remote(rcpt)));
        await(Duration.ofSeconds(20), () -> RestAssured.get("/q/metrics").asString()
                .matches("(?s).*mail_delivery_dns_failures_total\\{kind=\"servfail\"} [1-9].*"));
        assertThat(PEER.deliveriesTo(rcpt)).isEmpty();
        DNS.mx("flaky.test", 10, "mx.tls.test").heal("flaky.test");
        await(Duration.ofSeconds(30), () -> !PEER.deliveriesTo(rcpt).isEmpty());
    }

    // ---------------------------------------------------------------- bounces

    @Test
    void expiryBouncesWithADsnThatArrivesInTheSendersInbox() throws Exception {
        LocalSender sender = localSender();
        String rcpt = unique("gone") + "@expire.test";
        PEER.script(rcpt, "451 4.2.2 mailbox busy");
        // accepted two hours ago, expiry one hour: the first transient failure is final
        publish(accepted(sender.address(), message(sender.address(), rcpt, "expire"),
                Instant.now().minus(Duration.ofHours(2)), null, remote(rcpt)));

        String dsn = awaitDsn(sender);
        assertThat(dsn).contains("Content-Type: multipart/report; report-type=delivery-status")
                .contains("Content-Type: message/delivery-status")
                .contains("Reporting-MTA: dns; relay.worker.test")
                .contains("Final-Recipient: rfc822; " + rcpt)
                .contains("Action: failed")
                .contains("Status: 4.4.7")
                .contains("Diagnostic-Code: smtp; 451 4.2.2 mailbox busy")
                .contains("Remote-MTA: dns; mx.expire.test")
                .contains("Subject: expire");
        assertThat(PEER.deliveriesTo(rcpt)).isEmpty();
    }

    @Test
    void nullMxBouncesAtOnceWithoutConnecting() throws Exception {
        LocalSender sender = localSender();
        String rcpt = unique("n") + "@nullmx.test";
        Instant start = Instant.now();
        publish(accepted(sender.address(), message(sender.address(), rcpt, "null mx"), Instant.now(), null,
                remote(rcpt)));
        String dsn = awaitDsn(sender);
        // RFC 7505 §4.1: permanent at the first attempt, not after the retry schedule (4.4.7 would mean expiry)
        assertThat(dsn).contains("Final-Recipient: rfc822; " + rcpt).contains("Action: failed")
                .contains("Status: 5.1.10").contains("null MX");
        assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(20));
    }

    @Test
    void permanentRcptFailureBouncesOnlyThatRecipient() throws Exception {
        LocalSender sender = localSender();
        String good = unique("good") + "@tls.test";
        String bad = unique("bad") + "@tls.test";
        PEER.script(bad, "550 5.1.1 no such user here");
        publish(accepted(sender.address(), message(sender.address(), good, "mixed"), Instant.now(), null,
                remote(good), remote(bad)));
        String dsn = awaitDsn(sender);
        assertThat(dsn).contains("Final-Recipient: rfc822; " + bad).contains("Status: 5.1.1")
                .contains("Diagnostic-Code: smtp; 550 5.1.1 no such user here")
                .doesNotContain("Final-Recipient: rfc822; " + good);
        assertThat(PEER.deliveriesTo(good)).hasSize(1);
    }

    @Test
    void realOverQuotaLocalDeliveryBouncesToTheSender() throws Exception {
        LocalSender sender = localSender();
        var admin = MailboxServiceProcess.shared().admin();
        String domain = unique("q") + ".full.test";
        UUID tenant = admin.createTenant("t-" + domain);
        admin.createDomain(tenant, domain);
        String fullAddress = "full@" + domain;
        UUID full = admin.createAccount(tenant, fullAddress, "pw-" + UUID.randomUUID());
        adminCall("PUT", "/api/v1/tenants/" + tenant + "/accounts/" + full + "/quota",
                new dev.mailplatform.contracts.api.QuotaDto(0, 10, 0, -1));
        publish(accepted(sender.address(), message(sender.address(), fullAddress, "too big for you"), Instant.now(),
                null, new EnvelopeRecipient(fullAddress, tenant, full)));
        String dsn = awaitDsn(sender);
        assertThat(dsn).contains("Final-Recipient: rfc822; " + fullAddress).contains("Action: failed")
                .contains("Status: 5.2.2").contains("Subject: too big for you");
        assertThat(admin.messages(full, "INBOX")).isEmpty();
    }

    @Test
    void overQuotaDeliveryFailureBecomesADsn() throws Exception {
        LocalSender sender = localSender();
        byte[] body = message(sender.address(), "full@acme.test", "quota");
        String key = store(body);
        DeliveryFailed failed = new DeliveryFailed("m-" + UUID.randomUUID() + "/" + UUID.randomUUID(),
                "m-" + UUID.randomUUID(), "trace-quota", "full@acme.test", sender.address(), key, "5.2.2",
                "mailbox full", Instant.now());
        send(Topics.DELIVERY_FAILED, failed.messageId(), Json.toBytes(failed));
        String dsn = awaitDsn(sender);
        assertThat(dsn).contains("Final-Recipient: rfc822; full@acme.test").contains("Status: 5.2.2")
                .contains("Action: failed").contains("mailbox full");
    }

    @Test
    void neverADsnToTheNullSender() throws Exception {
        String traceNull = "trace-null-" + UUID.randomUUID();
        String traceControl = "trace-control-" + UUID.randomUUID();
        String r1 = unique("x") + "@nullmx.test";
        String r2 = unique("y") + "@nullmx.test";
        AcceptedMail bounce = withTrace(accepted("", message("", r1, "a bounce"), Instant.now(), null, remote(r1)),
                traceNull);
        AcceptedMail control = withTrace(accepted("someone@elsewhere.test", message("someone@elsewhere.test", r2,
                "control"), Instant.now(), null, remote(r2)), traceControl);
        publish(bounce);
        publish(control);
        // the control message's DSN shows the pipeline produces DSNs; the null sender's must not exist
        List<AcceptedMail> dsns = acceptedWithTrace(Set.of(traceNull, traceControl), Duration.ofSeconds(30),
                traceControl);
        assertThat(dsns).extracting(AcceptedMail::traceId).contains(traceControl).doesNotContain(traceNull);
        assertThat(dsns).allSatisfy(m -> assertThat(m.hasNullSender()).isTrue());
    }

    // ---------------------------------------------------------------- helpers

    record LocalSender(String address, UUID accountId) {
    }

    private static LocalSender localSender() {
        var admin = MailboxServiceProcess.shared().admin();
        String domain = unique("s") + ".sender.test";
        UUID tenant = admin.createTenant("t-" + domain);
        admin.createDomain(tenant, domain);
        String address = "sender@" + domain;
        return new LocalSender(address, admin.createAccount(tenant, address, "pw-" + UUID.randomUUID()));
    }

    private static String awaitDsn(LocalSender sender) throws Exception {
        var admin = MailboxServiceProcess.shared().admin();
        List<MessageDto> found = new ArrayList<>();
        await(Duration.ofSeconds(40), () -> {
            found.clear();
            found.addAll(admin.messages(sender.accountId(), "INBOX"));
            return !found.isEmpty();
        });
        assertThat(found).hasSize(1);
        return new String(blobs.getBytes(found.get(0).blobKey()), StandardCharsets.UTF_8);
    }

    private static String adminCall(String method, String path, Object body) throws Exception {
        var http = java.net.http.HttpClient.newHttpClient();
        var resp = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                MailboxServiceProcess.shared().baseUrl() + path))
                .header("Authorization", "Bearer " + MailboxServiceProcess.shared().adminToken())
                .header("Content-Type", "application/json")
                .method(method, java.net.http.HttpRequest.BodyPublishers.ofByteArray(Json.toBytes(body))).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(resp.statusCode()).as("%s %s: %s", method, path, resp.body()).isBetween(200, 299);
        return resp.body();
    }

    private static String unique(String prefix) {
        return prefix + UUID.randomUUID().toString().substring(0, 8);
    }

    private static EnvelopeRecipient remote(String address) {
        return new EnvelopeRecipient(address, null, null);
    }

    private static byte[] message(String from, String to, String subject) {
        return ("From: " + (from.isEmpty() ? "MAILER-DAEMON@elsewhere.test" : from) + "\r\nTo: " + to
                + "\r\nSubject: " + subject + "\r\nMessage-ID: <" + UUID.randomUUID() + "@test>\r\n"
                + "Date: Sun, 22 Nov 2026 10:00:00 +0000\r\n\r\nHello.\r\n.A line with a leading dot\r\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static String store(byte[] body) throws Exception {
        String key = BlobKeys.messageKey(MessageDigest.getInstance("SHA-256").digest(body));
        blobs.put(key, body);
        return key;
    }

    private static AcceptedMail accepted(String from, byte[] body, Instant receivedAt, UUID senderTenant,
            EnvelopeRecipient... rcpts) throws Exception {
        return new AcceptedMail("msg-" + UUID.randomUUID(), "trace-" + UUID.randomUUID(), store(body), body.length,
                from, List.of(rcpts), receivedAt, "client.test", "127.0.0.1", "submission", null, null, null, false,
                senderTenant);
    }

    private static AcceptedMail withTrace(AcceptedMail m, String trace) {
        return new AcceptedMail(m.messageId(), trace, m.blobKey(), m.size(), m.mailFrom(), m.recipients(),
                m.receivedAt(), m.heloName(), m.remoteAddress(), m.listener(), m.envelopeId(), m.dsnReturn(),
                m.bodyType(), m.smtpUtf8(), m.senderTenantId());
    }

    private static void publish(AcceptedMail mail) throws Exception {
        send(Topics.ACCEPTED, mail.messageId(), Json.toBytes(mail));
    }

    private static void send(String topic, String key, byte[] value) throws Exception {
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, INFRA.kafkaBootstrap(), ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        }
    }

    /** DSNs (accepted mail from the worker, trace id of the message they report on) until {@code stopAt} shows. */
    private static List<AcceptedMail> acceptedWithTrace(Set<String> traces, Duration timeout, String stopAt)
            throws Exception {
        List<AcceptedMail> found = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, INFRA.kafkaBootstrap(),
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.ACCEPTED));
            long deadline = System.nanoTime() + timeout.toNanos();
            long extraUntil = Long.MAX_VALUE;
            while (System.nanoTime() < Math.min(deadline, extraUntil)) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    AcceptedMail m;
                    try {
                        m = Json.fromBytes(r.value(), AcceptedMail.class);
                    } catch (RuntimeException e) {
                        continue; // another test's deliberately unreadable record
                    }
                    if (traces.contains(m.traceId()) && "dsn".equals(m.listener())) {
                        found.add(m);
                        if (m.traceId().equals(stopAt) && extraUntil == Long.MAX_VALUE) {
                            // give a DSN that should not exist time to show up too
                            extraUntil = System.nanoTime() + Duration.ofSeconds(3).toNanos();
                        }
                    }
                }
            }
        }
        return found;
    }

    private static void await(Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(100);
        }
        assertThat(condition.getAsBoolean()).as("condition within %s", timeout).isTrue();
    }
}
