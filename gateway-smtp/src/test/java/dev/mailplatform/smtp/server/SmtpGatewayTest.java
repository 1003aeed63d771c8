/* Mail platform. Licensed under the Apache License 2.0. */
package dev.mailplatform.smtp.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailplatform.blobstore.BlobKeys;
import dev.mailplatform.blobstore.BlobStore;
import dev.mailplatform.contracts.Json;
import dev.mailplatform.contracts.Topics;
import dev.mailplatform.contracts.events.AcceptedMail;
import dev.mailplatform.contracts.events.EnvelopeRecipient;
import dev.mailplatform.testkit.AdminApi;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The MX listener over real sockets against real Kafka, S3 and the real mailbox-service. The %test profile in
 * application.properties sets small limits (max-message-size 64 KiB, idle timeout 4 s,
 * 6 connections per IP, 2 recipients per message).
 */
@QuarkusTest
@QuarkusTestResource(value = GatewayTestResource.class, restrictToAnnotatedClass = true)
class SmtpGatewayTest {
    private static final Pattern QUEUED = Pattern.compile("250 2\\.0\\.0 Ok: queued as (\\S+)");
    private static String domain;
    private static String user;
    private static UUID tenantId;
    private static UUID accountId;

    @Inject
    SmtpServer server;
    @Inject
    BlobStore blobStore;

    int port;

    @BeforeEach
    void setUp() {
        port = server.port("mx");
        synchronized (SmtpGatewayTest.class) {
            if (domain == null) {
                AdminApi admin = TestStack.admin();
                String suffix = UUID.randomUUID().toString().substring(0, 8);
                tenantId = admin.createTenant("smtp-test-" + suffix);
                domain = "smtp-" + suffix + ".example";
                admin.createDomain(tenantId, domain);
                user = "alice@" + domain;
                accountId = admin.createAccount(tenantId, user, "s3cret-password");
                admin.createAccount(tenantId, "bob@" + domain, "s3cret-password");
            }
        }
    }

    @Test
    void acceptsAMessageDurablyBeforeAnswering250() throws Exception {
        String body = "From: bob@sender.example\r\nTo: " + user + "\r\nSubject: hi\r\n\r\n"
                + "line one\r\n.dot line is unstuffed\r\n\r\nlast line\r\n";
        String stuffed = body.replace("\r\n.dot", "\r\n..dot");
        String messageId;
        try (SmtpTestClient c = new SmtpTestClient(port)) {
            c.expect("220 mx.test.local ESMTP");
            String ehlo = c.command("EHLO client.sender.example", "250");
            assertThat(ehlo).contains("250-PIPELINING", "250-SIZE 65536", "250-8BITMIME", "250-SMTPUTF8",
                    "250-CHUNKING", "250-DSN", "250-ENHANCEDSTATUSCODES", "250 STARTTLS");
            // RFC 4954 / RFC 6409: no logins on the MX port
            assertThat(ehlo).doesNotContain("AUTH");
            c.command("MAIL FROM:<bob@sender.example> SIZE=" + body.length(), "250 2.1.0");
            c.command("RCPT TO:<" + user.toUpperCase() + ">", "250 2.1.5");
            c.command("DATA", "354");
            c.send(stuffed + ".\r\n");
            Matcher m = QUEUED.matcher(c.reply());
            assertThat(m.find()).isTrue();
            messageId = m.group(1);
            c.command("QUIT", "221 2.0.0");
            assertThat(c.closedByServer()).isTrue();
        }

        AcceptedMail accepted = awaitAccepted(messageId);
        assertThat(accepted.mailFrom()).isEqualTo("bob@sender.example");
        assertThat(accepted.recipients()).containsExactly(new EnvelopeRecipient(user, tenantId, accountId));
        assertThat(accepted.listener()).isEqualTo("mx");
        assertThat(accepted.heloName()).isEqualTo("client.sender.example");
        assertThat(accepted.remoteAddress()).isEqualTo("127.0.0.1");

        byte[] stored = blobStore.getBytes(accepted.blobKey());
        String storedText = new String(stored, StandardCharsets.ISO_8859_1);
        // RFC 8601: the sender's domain publishes nothing in the tests' DNS, so every method says none
        assertThat(storedText).startsWith("Authentication-Results: mx.test.local;\r\n\tspf=none"
                + " smtp.mailfrom=sender.example;\r\n\tdkim=none;\r\n\tdmarc=none header.from=sender.example\r\n"
                + "Received: from client.sender.example ([127.0.0.1])\r\n"
                + "\tby mx.test.local with ESMTP id " + messageId + "\r\n\tfor <" + user + ">;\r\n\t");
        assertThat(storedText).endsWith("\r\n" + body);
        assertThat(stored.length).isEqualTo(accepted.size());
        assertThat(accepted.blobKey())
                .isEqualTo(BlobKeys.messageKey(MessageDigest.getInstance("SHA-256").digest(stored)));
        assertThat(spoolFiles()).as("spool files left behind").isEmpty();
    }

    @Test
    void aNewAccountReceivesMailAtOnceThoughRecipientsAreCached() throws Exception {
        String newcomer = "carol-" + UUID.randomUUID().toString().substring(0, 6) + "@" + domain;
        try (SmtpTestClient c = new SmtpTestClient(port)) {
            c.expect("220");
            c.command("EHLO client.example", "250");
            c.command("MAIL FROM:<a@client.example>", "250 2.1.0");
            c.command("RCPT TO:<" + user + ">", "250 2.1.5");
            c.command("RCPT TO:<" + newcomer + ">", "550 5.1.1");
            // "no such user" is never remembered: the account exists for the very next RCPT
            TestStack.admin().createAccount(tenantId, newcomer, "s3cret-password");
            c.command("RSET", "250");
            c.command("MAIL FROM:<a@client.example>", "250 2.1.0");
            c.command("RCPT TO:<" + newcomer + ">", "250 2.1.5");
            c.command("RCPT TO:<" + user + ">", "250 2.1.5");
        }
    }

    @Test
    void storesAMessageLargerThanTheMemoryMarkByteExact() throws Exception {
        StringBuilder body = new StringBuilder("From: big@sender.example\r\nSubject: spilled\r\n\r\n");
        for (int i = 0; body.length() < 48 * 1024; i++) {
            body.append("line ").append(i).append(" of a message that outgrows the heap spool\r\n");
        }
        String messageId;
        try (SmtpTestClient c = new SmtpTestClient(port)) {
            c.expect("220");
            c.command("EHLO big.sender.example", "250");
            c.command("MAIL FROM:<big@sender.example>", "250 2.1.0");
            c.command("RCPT TO:<" + user + ">", "250 2.1.5");
            c.command("DATA", "354");
            c.send(body + ".\r\n");
            Matcher m = QUEUED.matcher(c.reply());
            assertThat(m.find()).isTrue();
            messageId = m.group(1);
        }
        AcceptedMail accepted = awaitAccepted(messageId);
        byte[] stored = blobStore.getBytes(accepted.blobKey());
        assertThat(new String(stored, StandardCharsets.ISO_8859_1)).endsWith("\r\n" + body);
        assertThat(stored.length).isEqualTo(accepted.size());
        assertThat(accepted.blobKey())
                .isEqualTo(BlobKeys.messageKey(MessageDigest.getInstance("SHA-256").digest(stored)));
        assertThat(spoolFiles()).as("spool files left behind").isEmpty();
    }

    @Test
    void refusesUnknownUsersAndForeignDomains() throws Exception {
        try (SmtpTestClient c = new SmtpTestClient(port)) {
            c.expect("220");
            c.command("HELO client.example", "250 mx.test.local");
            c.command("MAIL FROM:<>", "250 2.1.0");
            c.command("RCPT TO:<nobody@" + domain + ">", "550 5.1.1");
            c.command("RCPT TO:<someone@elsewhere-" + UUID.randomUUID() + ".example>", "550 5.7.1");
            c.command("DATA", "554 5.5.1");
            c.command("RSET", "250 2.0.0");
            c.command("NOOP", "250 2.0.0");
        }
    }

    @Test
    void answersPipelinedCommandsInOrder() throws Exception {
        try (SmtpTestClient c = new SmtpTestClient(port)) {
            c.expect("220");
            c.send("EHLO pipeliner.example\r\nMAIL FROM:<p@pipeliner.example>\r\nRCPT TO:<" + user + ">\r\n"
                    + "RCPT TO:<ghost@" + domain + ">\r\nRCPT TO:<" + user + ">\r\nDATA\r\n");
            c.expect("250");
            c.expect("250 2.1.0");
            c.expect("250 2.1.5");
            c.expect("550 5.1.1");
            c.expect("250 2.1.5");
            c.expect("354");
            c.send("Subject: pipelined\r\n\r\nbody\r\n.\r\nNOOP\r\nRSET\r\n");
            Matcher m = QUEUED.matcher(c.reply());
            assertThat(m.find()).isTrue();
            c.expect("250 2.0.0");
            c.expect("250 2.0.0");
            AcceptedMail accepted = awaitAccepted(m.group(1));
            assertThat(accepted.recipients()).as("duplicate RCPT stored once").hasSize(1);
        }
    }

    @Test
    void limitsRecipientsPerMessage() throws Exception {
        try (SmtpTestClient c = new SmtpTestClient(port)) {
            c.expect("220");
            c.command("EHLO many.example", "250");
            c.command("MAIL FROM:<m@many.example>", "250 2.1.0");
            c.command("RCPT TO:<" + user + ">", "250 2.1.5");
            c.command("RCPT TO:<bob@" + domain + ">", "250 2.1.5");
            c.command("RCPT TO:<carol@" + domain + ">", "452 4.5.3");
            c.command("DATA", "354");
            c.send("Subject: two\r\n\r\nx\r\n.\r\n");
            Matcher m = QUEUED.matcher(c.reply());
            assertThat(m.find()).isTrue();
            AcceptedMail accepted = awaitAccepted(m.group(1));
            assertThat(accepted.recipients()).extracting(EnvelopeRecipient::address)
                    .containsExactly(user, "bob@" + domain);
            assertThat(new String(blobStore.getBytes(accepted.blobKey()), StandardCharsets.ISO_8859_1))
                    .as("no 'for' clause with several recipients (RFC 5321 7.2)").doesNotContain("\tfor <");
        }
    }

    @Test
    void enforcesCommandOrder() throws Exception {
        try (SmtpTestClient c = new SmtpTestClient(port)) {
            c.expect("220");
            c.command("MAIL FROM:<a@b.example>", "503 5.5.1");
            c.command("EHLO x.example", "250");
            c.command("RCPT TO:<" + user + ">", "503 5.5.1");
            c.command("DATA", "503 5.5.1");
            c.command("MAIL FROM:<a@b.example>", "250 2.1.0");
            c.command("MAIL FROM:<a@b.example>", "503 5.5.1");
            c.command("VRFY alice", "252 2.5.0");
            c.command("HELP", "214 2.0.0");
            c.command("FROB", "500 5.5.1");
            c.command("MAIL FROM:<broken", "501 5.5.4");
        }
    }

    @Test
    void rejectsA10000ByteLineAndKeepsTheSession() throws Exception {
        try (SmtpTestClient c = new SmtpTestClient(port)) {
            c.expect("220");
            c.send("NOOP " + "x".repeat(10_000) + "\r\n");
            c.expect("500 5.5.2 Line too long");
            c.command("NOOP", "250 2.0.0");
            c.command("EHLO still-alive.example", "250");
        }
    }

    @Test
    void smugglingAttemptNeverEndsDataEarly() throws Exception {
        try (SmtpTestClient c = new SmtpTestClient(port)) {
            c.expect("220");
            c.command("EHLO smuggler.example", "250");
            c.command("MAIL FROM:<s@smuggler.example>", "250 2.1.0");
            c.command("RCPT TO:<" + user + ">", "250 2.1.5");
            c.command("DATA", "354");
            // the 2023 smuggling shape: a fake end "\n.\n" followed by a second transaction
            c.send("Subject: one\r\n\r\nhello\n.\nMAIL FROM:<admin@" + domain + ">\r\nRCPT TO:<" + user
                    + ">\r\nDATA\r\nSubject: smuggled\r\n\r\n.\r\n");
            c.expect("550 5.6.0");
            // exactly one reply for the whole DATA: the next reply belongs to our NOOP
            c.command("NOOP", "250 2.0.0");
        }
    }

    @Test
    void refusesOversizedMessages() throws Exception {
        try (SmtpTestClient c = new SmtpTestClient(port)) {
            c.expect("220");
            c.command("EHLO big.example", "250");
            c.command("MAIL FROM:<b@big.example> SIZE=70000", "552 5.3.4");
            c.command("MAIL FROM:<b@big.example>", "250 2.1.0");
            c.command("RCPT TO:<" + user + ">", "250 2.1.5");
            c.command("DATA", "354");
            String line = "y".repeat(998) + "\r\n";
            c.send("Subject: big\r\n\r\n" + line.repeat(70) + ".\r\n");
            c.expect("552 5.3.4");
            c.command("NOOP", "250 2.0.0");
        }
        assertThat(spoolFiles()).as("spool files left behind").isEmpty();
    }

    @Test
    void dropsTheSpoolWhenTheClientDisconnectsMidData() throws Exception {
        try (SmtpTestClient c = new SmtpTestClient(port)) {
            c.expect("220");
            c.command("EHLO leaver.example", "250");
            c.command("MAIL FROM:<l@leaver.example>", "250 2.1.0");
            c.command("RCPT TO:<" + user + ">", "250 2.1.5");
            c.command("DATA", "354");
            // past the 16 KiB memory mark of the test profile, so the content is in a spool file
            c.send("Subject: half\r\n\r\n" + "the rest never comes\r\n".repeat(1000));
            awaitSpoolFiles(1);
        }
        awaitNoSessions();
        awaitSpoolFiles(0);
    }

    @Test
    void closesIdleSessionsWith421() throws Exception {
        try (SmtpTestClient c = new SmtpTestClient(port)) {
            c.expect("220");
            long start = System.nanoTime();
            c.expect("421 4.4.2");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(Duration.ofSeconds(3));
            assertThat(c.closedByServer()).isTrue();
        }
    }

    @Test
    void limitsConnectionsPerIp() throws Exception {
        List<SmtpTestClient> open = new ArrayList<>();
        try {
            awaitNoSessions();
            for (int i = 0; i < 6; i++) {
                SmtpTestClient c = new SmtpTestClient(port);
                open.add(c);
                c.expect("220");
            }
            try (SmtpTestClient extra = new SmtpTestClient(port)) {
                extra.expect("421 4.7.0");
                assertThat(extra.closedByServer()).isTrue();
            }
        } finally {
            for (SmtpTestClient c : open) {
                c.close();
            }
        }
        awaitNoSessions();
        try (SmtpTestClient c = new SmtpTestClient(port)) {
            c.expect("220");
        }
    }

    @Test
    void pythonSmtplibDeliversAMessage() throws Exception {
        Optional<Path> python = findPython();
        Assumptions.assumeTrue(python.isPresent(), "python3 is not installed: smtplib interoperability not tested");
        String script = String.join("\n",
                "import smtplib, sys",
                "from email.message import EmailMessage",
                "msg = EmailMessage()",
                "msg['From'] = 'py@python.example'",
                "msg['To'] = sys.argv[2]",
                "msg['Subject'] = 'from smtplib'",
                "msg.set_content('Hello from Python.\\n.leading dot\\n')",
                "with smtplib.SMTP('127.0.0.1', int(sys.argv[1]), local_hostname='python.example') as s:",
                "    print(s.ehlo()[0])",
                "    refused = s.send_message(msg)",
                "    print('REFUSED', refused)",
                "    print(s.noop()[0])",
                "");
        Path file = Files.createTempFile("smtplib-", ".py");
        Files.writeString(file, script);
        try {
            Process process = new ProcessBuilder(python.get().toString(), file.toString(), String.valueOf(port), user)
                    .redirectErrorStream(true).start();
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.exitValue()).as(output).isZero();
            assertThat(output).contains("250", "REFUSED {}");
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Test
    void exposesMetrics() throws Exception {
        try (SmtpTestClient c = new SmtpTestClient(port)) {
            c.expect("220");
            c.command("NOOP", "250");
        }
        String metrics = RestAssured.get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).contains("mail_smtp_sessions_total", "mail_smtp_commands_total{",
                "verb=\"noop\"", "mail_smtp_accept_seconds");
        RestAssured.get("/q/health/ready").then().statusCode(200);
    }

    private void awaitNoSessions() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (server.activeSessions() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(server.activeSessions()).isZero();
    }

    private static void awaitSpoolFiles(int count) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (spoolFiles().size() != count && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(spoolFiles()).hasSize(count);
    }

    private static Optional<Path> findPython() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, "python3");
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static List<Path> spoolFiles() throws Exception {
        try (var files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return files.filter(p -> p.getFileName().toString().startsWith("smtp-")
                    && p.getFileName().toString().endsWith(".eml")).toList();
        }
    }

    private static AcceptedMail awaitAccepted(String messageId) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestStack.kafkaBootstrap());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "smtp-test-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, byte[]> consumer =
                     new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.ACCEPTED));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (messageId.equals(record.key())) {
                        AcceptedMail mail = Json.fromBytes(record.value(), AcceptedMail.class);
                        assertThat(mail.messageId()).isEqualTo(messageId);
                        return mail;
                    }
                }
            }
        }
        throw new AssertionError("no AcceptedMail " + messageId + " on " + Topics.ACCEPTED);
    }
}
