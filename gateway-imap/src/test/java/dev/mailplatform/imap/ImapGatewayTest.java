package dev.mailplatform.imap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mailplatform.blobstore.BlobKeys;
import dev.mailplatform.blobstore.BlobStore;
import dev.mailplatform.blobstore.BlobStoreConfig;
import dev.mailplatform.contracts.api.MessageDto;
import dev.mailplatform.contracts.events.LocalDelivery;
import dev.mailplatform.imap.server.ImapServer;
import dev.mailplatform.testkit.AdminApi;
import dev.mailplatform.testkit.Infrastructure;
import dev.mailplatform.testkit.MailboxServiceProcess;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway over real sockets against the real mailbox-service, Kafka, PostgreSQL and S3: one account with a
 * small and a large message delivered the way the delivery worker does.
 */
@QuarkusTest
@QuarkusTestResource(value = ImapTestResource.class, restrictToAnnotatedClass = false)
class ImapGatewayTest {
    private static final String PASSWORD = "correct horse battery";
    private static final Pattern LITERAL = Pattern.compile("\\{(\\d+)}$");
    /** What a loopback client sees before login on the STARTTLS port (plaintext login allowed in tests). */
    static final String PRE_AUTH_CAPABILITIES = "IMAP4rev1 IMAP4rev2 LITERAL+ SASL-IR ENABLE ID IDLE NAMESPACE STARTTLS"
            + " AUTH=PLAIN AUTH=LOGIN UNSELECT UIDPLUS MOVE CHILDREN SPECIAL-USE CREATE-SPECIAL-USE LIST-EXTENDED"
            + " LIST-STATUS CONDSTORE QRESYNC ESEARCH QUOTA QUOTA=RES-STORAGE QUOTA=RES-MESSAGE SORT"
            + " THREAD=REFERENCES UTF8=ACCEPT BINARY COMPRESS=DEFLATE";

    private static String address;
    private static byte[] small;
    private static byte[] large;
    private static MessageDto smallStored;
    private static MessageDto largeStored;

    @Inject
    ImapServer server;

    @BeforeAll
    static void seedMailbox() throws Exception {
        Infrastructure infra = Infrastructure.shared();
        AdminApi admin = MailboxServiceProcess.shared().admin();
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String domain = "imap-" + suffix + ".example";
        address = "alice@" + domain;
        UUID tenant = admin.createTenant("imap-test-" + suffix);
        admin.createDomain(tenant, domain);
        UUID account = admin.createAccount(tenant, address, PASSWORD);

        small = message("hello", "Hi Alice!\r\nThis is a short one.\r\n");
        StringBuilder body = new StringBuilder();
        Random random = new Random(42);
        while (body.length() < 700_000) { // well above the socket write queue: exercises back-pressure
            for (int i = 0; i < 76; i++) {
                body.append((char) ('!' + random.nextInt(94)));
            }
            body.append("\r\n");
        }
        large = message("large", body.toString());
        try (BlobStore store = new BlobStore(new BlobStoreConfig(infra.s3Endpoint(), infra.s3AccessKey(),
                infra.s3SecretKey(), infra.s3Bucket(), "us-east-1"))) {
            store.ensureBucket();
            smallStored = deliver(admin, store, tenant, account, small);
            largeStored = deliver(admin, store, tenant, account, large);
        }
    }

    @Test
    void greetsAndAnnouncesCapabilities() throws IOException {
        try (ImapTestClient c = connect()) {
            assertThat(c.command("c1", "CAPABILITY"))
                    .containsExactly("* CAPABILITY " + PRE_AUTH_CAPABILITIES, "c1 OK CAPABILITY completed");
            assertThat(c.command("c2", "NOOP")).containsExactly("c2 OK NOOP completed");
        }
    }

    @Test
    void commandsBeforeLoginAreRefused() throws IOException {
        try (ImapTestClient c = connect()) {
            assertThat(c.command("b1", "SELECT INBOX")).containsExactly("b1 BAD Command not permitted before LOGIN");
            assertThat(c.command("b2", "FETCH 1 (FLAGS)")).containsExactly("b2 BAD Command not permitted before LOGIN");
            assertThat(c.command("b3", "XYZZY")).containsExactly("b3 BAD Unknown command");
            assertThat(c.command("b4", "FETCH 1 BOGUS"))
                    .containsExactly("b4 BAD Unsupported FETCH data item BOGUS");
            assertThat(c.command("b5", "NOOP")).containsExactly("b5 OK NOOP completed");
        }
    }

    @Test
    void wrongPasswordIsRefusedAndRepeatedFailuresClose() throws IOException {
        try (ImapTestClient c = connect()) {
            assertThat(c.command("w1", "LOGIN " + address + " wrong"))
                    .containsExactly("w1 NO [AUTHENTICATIONFAILED] Invalid credentials");
            assertThat(c.command("w2", "LOGIN nobody@nowhere.example \"also wrong\""))
                    .containsExactly("w2 NO [AUTHENTICATIONFAILED] Invalid credentials");
            assertThat(c.command("w3", "LOGIN " + address + " \"still wrong\""))
                    .containsExactly("w3 NO [AUTHENTICATIONFAILED] Invalid credentials");
            assertThat(c.readLine()).isEqualTo("* BYE Closing connection");
            assertThat(c.isClosedByServer()).isTrue();
        }
        try (ImapTestClient c = connect()) { // the next connection is served
            assertThat(login(c, "n1")).startsWith("n1 OK [CAPABILITY IMAP4rev1 ").endsWith("] LOGIN completed");
        }
    }

    @Test
    void loginWithSynchronisingLiterals() throws IOException {
        try (ImapTestClient c = connect()) {
            byte[] user = address.getBytes(StandardCharsets.UTF_8);
            byte[] pass = PASSWORD.getBytes(StandardCharsets.UTF_8);
            c.send("l1 LOGIN {" + user.length + "}\r\n");
            assertThat(c.readLine()).startsWith("+ ");
            c.send(address + " {" + pass.length + "}\r\n");
            assertThat(c.readLine()).startsWith("+ ");
            c.send(PASSWORD + "\r\n");
            assertThat(c.readUntilTagged("l1")).singleElement().asString().endsWith("] LOGIN completed");
            assertThat(c.command("l2", "LOGIN a b")).containsExactly("l2 BAD Command not permitted in this state");
        }
    }

    @Test
    void selectFetchAndLogout() throws IOException {
        try (ImapTestClient c = connect()) {
            assertThat(login(c, "a1")).endsWith("] LOGIN completed");
            List<String> select = c.command("a2", "SELECT INBOX");
            assertThat(select).contains("* 2 EXISTS", "* 0 RECENT",
                    "* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)",
                    "* OK [PERMANENTFLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft \\*)] Flags permitted");
            assertThat(select).anyMatch(l -> l.matches("\\* OK \\[UIDVALIDITY [1-9]\\d*] UIDs valid"));
            long uidNext = select.stream().filter(l -> l.startsWith("* OK [UIDNEXT ")).findFirst()
                    .map(l -> Long.parseLong(l.replaceAll("\\D+", ""))).orElseThrow();
            assertThat(uidNext).isGreaterThan(largeStored.uid());
            assertThat(select.get(select.size() - 1)).isEqualTo("a2 OK [READ-WRITE] SELECT completed");

            // other tests may have set \Seen on these messages by then: the flags themselves are not the point here
            assertThat(c.command("a3", "FETCH 1:* (FLAGS UID RFC822.SIZE)")).satisfiesExactly(
                    l -> assertThat(l).matches("\\* 1 FETCH \\(FLAGS \\((\\\\Seen)?\\) UID " + smallStored.uid()
                            + " RFC822.SIZE " + small.length + "\\)"),
                    l -> assertThat(l).matches("\\* 2 FETCH \\(FLAGS \\((\\\\Seen)?\\) UID " + largeStored.uid()
                            + " RFC822.SIZE " + large.length + "\\)"),
                    l -> assertThat(l).isEqualTo("a3 OK FETCH completed"));

            c.send("a4 FETCH 1 BODY[]\r\n");
            assertThat(readBodyResponse(c, "* 1 FETCH (BODY[] ")).isEqualTo(small);
            // RFC 9051 §6.4.5: BODY[] sets \Seen, and changed flags come with the response
            assertThat(c.readLine()).isIn(")", " FLAGS (\\Seen))");
            assertThat(c.readLine()).isEqualTo("a4 OK FETCH completed");

            c.send("a5 UID FETCH " + largeStored.uid() + " (BODY.PEEK[] RFC822.SIZE)\r\n");
            assertThat(readBodyResponse(c, "* 2 FETCH (UID " + largeStored.uid() + " BODY[] ")).isEqualTo(large);
            assertThat(c.readLine()).isEqualTo(" RFC822.SIZE " + large.length + ")");
            assertThat(c.readLine()).isEqualTo("a5 OK UID FETCH completed");

            assertThat(c.command("a6", "UID FETCH " + smallStored.uid() + ":* UID")).containsExactly(
                    "* 1 FETCH (UID " + smallStored.uid() + ")", "* 2 FETCH (UID " + largeStored.uid() + ")",
                    "a6 OK UID FETCH completed");
            assertThat(c.command("a7", "FETCH 3 FLAGS")).containsExactly("a7 BAD Invalid message sequence number");
            assertThat(c.command("a8", "FETCH * INTERNALDATE")).hasSize(2).first().asString()
                    .matches("\\* 2 FETCH \\(INTERNALDATE \"\\d{2}-[A-Z][a-z]{2}-\\d{4} \\d{2}:\\d{2}:\\d{2} \\+0000\"\\)");

            assertThat(c.command("a9", "LOGOUT")).containsExactly("* BYE IMAP4rev1 server logging out",
                    "a9 OK LOGOUT completed");
            assertThat(c.isClosedByServer()).isTrue();
        }
    }

    @Test
    void aBodyReadOnceIsServedFromTheCacheByteForByte() throws Exception {
        Infrastructure infra = Infrastructure.shared();
        AdminApi admin = MailboxServiceProcess.shared().admin();
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String domain = "imap-cache-" + suffix + ".example";
        String user = "carol@" + domain;
        UUID tenant = admin.createTenant("imap-cache-" + suffix);
        admin.createDomain(tenant, domain);
        UUID account = admin.createAccount(tenant, user, PASSWORD);
        byte[] raw = message("cached " + suffix, "Read me twice.\r\n");
        try (BlobStore store = new BlobStore(new BlobStoreConfig(infra.s3Endpoint(), infra.s3AccessKey(),
                infra.s3SecretKey(), infra.s3Bucket(), "us-east-1"))) {
            MessageDto stored = deliver(admin, store, tenant, account, raw);
            try (ImapTestClient c = connect()) {
                assertThat(c.command("k1", "LOGIN " + user + " \"" + PASSWORD + "\"")).last().asString()
                        .startsWith("k1 OK");
                c.command("k2", "SELECT INBOX");
                c.send("k3 FETCH 1 BODY.PEEK[]\r\n");
                assertThat(readBodyResponse(c, "* 1 FETCH (BODY[] ")).isEqualTo(raw);
                assertThat(c.readLine()).isEqualTo(")");
                assertThat(c.readLine()).isEqualTo("k3 OK FETCH completed");

                // content-addressed bodies never change: the copy read once is the message, S3 is not asked again
                store.delete(stored.blobKey());
                c.send("k4 FETCH 1 BODY.PEEK[]\r\n");
                assertThat(readBodyResponse(c, "* 1 FETCH (BODY[] ")).isEqualTo(raw);
                assertThat(c.readLine()).isEqualTo(")");
                assertThat(c.readLine()).isEqualTo("k4 OK FETCH completed");
            }
        }
    }

    @Test
    void examineIsReadOnlyAndUnknownMailboxesDoNotExist() throws IOException {
        try (ImapTestClient c = connect()) {
            login(c, "e1");
            List<String> examine = c.command("e2", "EXAMINE inbox");
            assertThat(examine).contains("* 2 EXISTS");
            assertThat(examine.get(examine.size() - 1)).isEqualTo("e2 OK [READ-ONLY] EXAMINE completed");
            assertThat(c.command("e3", "SELECT \"No such folder\""))
                    .containsExactly("e3 NO [NONEXISTENT] No such mailbox");
            // RFC 9051 §6.3.2: a failed SELECT leaves no mailbox selected
            assertThat(c.command("e4", "FETCH 1 FLAGS"))
                    .containsExactly("e4 BAD Command not permitted without a selected mailbox");
        }
    }

    @Test
    void limitsAreEnforcedAndTheSessionContinues() throws IOException {
        try (ImapTestClient c = connect()) {
            // refused before any literal octet: the client never gets a continuation request
            c.send("t1 LOGIN {40000000}\r\n");
            assertThat(c.readLine()).isEqualTo("t1 NO [TOOBIG] Literal too big (limit 33554432 octets)");
            assertThat(c.command("t2", "NOOP")).containsExactly("t2 OK NOOP completed");
            c.send("t3 NOOP " + "x".repeat(70_000) + "\r\n");
            assertThat(c.readLine()).isEqualTo("t3 BAD Command line too long (limit 65536 octets)");
            assertThat(c.command("t4", "NOOP")).containsExactly("t4 OK NOOP completed");
            // an announced 10 GB literal: refused from its header, before a single octet of it exists
            c.send("t4b APPEND INBOX {10737418240}\r\n");
            assertThat(c.readLine()).isEqualTo("t4b BAD Invalid literal size");
            c.send("t4c APPEND INBOX {4294967295}\r\n");
            assertThat(c.readLine()).isEqualTo("t4c NO [TOOBIG] Literal too big (limit 33554432 octets)");
            assertThat(c.command("t4d", "NOOP")).containsExactly("t4d OK NOOP completed");
            // pipelined commands are answered in order
            c.send("p1 NOOP\r\np2 CAPABILITY\r\np3 NOOP\r\n");
            assertThat(c.readUntilTagged("p3")).containsExactly("p1 OK NOOP completed",
                    "* CAPABILITY " + PRE_AUTH_CAPABILITIES, "p2 OK CAPABILITY completed", "p3 OK NOOP completed");
            // a too-big non-synchronising literal cannot be skipped: BAD, then the connection closes
            c.send("t5 LOGIN {40000000+}\r\n");
            assertThat(c.readLine()).isEqualTo("t5 BAD [TOOBIG] Literal too big (limit 33554432 octets)");
            assertThat(c.readLine()).isEqualTo("* BYE Closing connection");
            assertThat(c.isClosedByServer()).isTrue();
        }
        try (ImapTestClient c = connect()) {
            assertThat(c.command("n1", "NOOP")).containsExactly("n1 OK NOOP completed");
        }
    }

    @Test
    void randomBytesGetBadRepliesAndTheServerStaysUp() throws IOException {
        Random random = new Random(7);
        byte[] junk = new byte[4096];
        random.nextBytes(junk);
        for (int i = 0; i < junk.length; i++) {
            if (junk[i] == '{') { // a literal announcement would wait for octets; keep the junk line-oriented
                junk[i] = 'x';
            }
        }
        try (ImapTestClient c = connect()) {
            c.send(junk);
            c.send("\r\nz1 NOOP\r\n");
            List<String> lines = c.readUntilTagged("z1");
            assertThat(lines.get(lines.size() - 1)).isEqualTo("z1 OK NOOP completed");
            assertThat(lines.subList(0, lines.size() - 1)).isNotEmpty()
                    .allMatch(l -> l.matches("\\S+ BAD .*"), "only BAD replies to junk");
        }
        try (ImapTestClient c = connect()) {
            assertThat(c.command("z2", "NOOP")).containsExactly("z2 OK NOOP completed");
        }
    }

    @Test
    void pythonImaplibReadsTheMailbox(@TempDir Path dir) throws Exception {
        assumeTrue(onPath("python3"), "python3 is not on the PATH: imaplib interoperability not tested");
        Path expected = Files.write(dir.resolve("expected.eml"), small);
        Path script = Files.writeString(dir.resolve("check.py"), """
                import imaplib, sys
                port, user, password, expected = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
                m = imaplib.IMAP4('127.0.0.1', port)
                assert 'IMAP4REV1' in m.capabilities, m.capabilities
                m.login(user, password)
                typ, data = m.select('INBOX')
                assert typ == 'OK' and data[0] == b'2', (typ, data)
                typ, data = m.fetch('1', '(BODY.PEEK[])')
                assert typ == 'OK', typ
                body = data[0][1]
                assert body == open(expected, 'rb').read(), body
                typ, data = m.uid('FETCH', '1:*', '(RFC822.SIZE)')
                assert typ == 'OK' and len([d for d in data if d]) == 2, data
                m.logout()
                print('imaplib ok')
                """);
        Process p = new ProcessBuilder("python3", script.toString(), String.valueOf(server.port()), address,
                PASSWORD, expected.toString()).redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(output).isZero();
        assertThat(output).contains("imaplib ok");
    }

    @Test
    void curlFetchesAMessage() throws Exception {
        assumeTrue(onPath("curl"), "curl is not on the PATH: curl interoperability not tested");
        String base = "imap://127.0.0.1:" + server.port() + "/INBOX";
        assertThat(curl(base + ";MAILINDEX=1")).isEqualTo(small);
        assertThat(curl(base + ";UID=" + largeStored.uid())).isEqualTo(large);
    }

    @Test
    void exposesMetrics() throws IOException {
        try (ImapTestClient c = connect()) {
            login(c, "m1");
            c.command("m2", "BOGUS");
        }
        String metrics = RestAssured.get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).containsPattern("(?m)^mail_imap_sessions_total(\\{[^}]*})? [1-9]");
        assertThat(metrics).containsPattern("(?m)^mail_imap_commands_total\\{command=\"login\",result=\"ok\"} [1-9]");
        assertThat(metrics).containsPattern(
                "(?m)^mail_imap_commands_total\\{command=\"unknown\",result=\"bad\"} [1-9]");
        assertThat(metrics).contains("mail_imap_command_seconds");
    }

    // ---- helpers ----

    private ImapTestClient connect() throws IOException {
        ImapTestClient c = new ImapTestClient(server.port());
        assertThat(c.readLine()).isEqualTo("* OK [CAPABILITY " + PRE_AUTH_CAPABILITIES + "] IMAP4rev1 server ready");
        return c;
    }

    private static String login(ImapTestClient c, String tag) throws IOException {
        List<String> lines = c.command(tag, "LOGIN " + address + " \"" + PASSWORD + "\"");
        return lines.get(lines.size() - 1);
    }

    /** Reads a response line ending in a literal announcement and then exactly the literal's octets. */
    private static byte[] readBodyResponse(ImapTestClient c, String expectedPrefix) throws IOException {
        String line = c.readLine();
        assertThat(line).startsWith(expectedPrefix);
        Matcher m = LITERAL.matcher(line);
        assertThat(m.find()).as(line).isTrue();
        return c.readBytes(Integer.parseInt(m.group(1)));
    }

    private static String flags(MessageDto m) {
        return "(" + String.join(" ", m.flags() == null ? List.of() : m.flags()) + ")";
    }

    private byte[] curl(String url) throws Exception {
        Process p = new ProcessBuilder("curl", "-sS", "--max-time", "60", "--user", address + ":" + PASSWORD, url)
                .start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        p.getInputStream().transferTo(out);
        assertThat(p.waitFor(70, TimeUnit.SECONDS)).isTrue();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(err).isZero();
        return out.toByteArray();
    }

    private static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }

    private static byte[] message(String subject, String body) {
        return ("From: Bob <bob@sender.example>\r\n"
                + "To: " + address + "\r\n"
                + "Subject: " + subject + "\r\n"
                + "Date: Mon, 7 Feb 1994 21:52:25 -0800\r\n"
                + "Message-ID: <" + UUID.randomUUID() + "@sender.example>\r\n"
                + "MIME-Version: 1.0\r\n"
                + "Content-Type: text/plain; charset=us-ascii\r\n"
                + "\r\n" + body).getBytes(StandardCharsets.US_ASCII);
    }

    private static MessageDto deliver(AdminApi admin, BlobStore store, UUID tenant, UUID account, byte[] raw)
            throws Exception {
        String key = BlobKeys.messageKey(MessageDigest.getInstance("SHA-256").digest(raw));
        store.put(key, raw);
        String messageId = UUID.randomUUID().toString();
        return admin.deliver(new LocalDelivery(LocalDelivery.deliveryIdOf(messageId, account), messageId,
                UUID.randomUUID().toString(), tenant, account, address, "bob@sender.example", key, raw.length,
                Instant.now().truncatedTo(ChronoUnit.SECONDS)));
    }
}
