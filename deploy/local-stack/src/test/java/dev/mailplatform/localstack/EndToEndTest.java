package dev.mailplatform.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailplatform.contracts.api.MessageDto;
import dev.mailplatform.testkit.ServiceProcess;
import dev.mailplatform.testkit.TempDirectories;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole platform as it is deployed: real infrastructure, the five packaged services as separate processes, and
 * one message travelling SMTP -> S3 + Kafka -> delivery worker -> mailbox service -> POP3 and IMAP.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EndToEndTest {
    private static LocalStack stack;
    private static StackConfig config;
    /** The stack's data folder: a throwaway one, deleted once the stack has stopped. */
    private static Path data;

    @BeforeAll
    static void startStack() throws IOException {
        data = Files.createTempDirectory("mail-e2e-");
        config = StackConfig.ephemeral(ServiceProcess.repositoryRoot(), data);
        stack = LocalStack.start(config);
        System.out.println(stack.banner());
    }

    @AfterAll
    static void stopStack() {
        try {
            if (stack != null) {
                stack.close();
            }
        } finally {
            TempDirectories.deleteRecursively(data);
        }
    }

    @Test
    @Order(1)
    void messageSentOverSmtpIsReadBackByteExactOverPop3AndImap() throws Exception {
        String marker = UUID.randomUUID().toString();
        byte[] original = ("From: Sender <sender@example.org>\r\n"
                + "To: " + LocalStack.DEMO_USER + "\r\n"
                + "Subject: end to end " + marker + "\r\n"
                + "Message-ID: <" + marker + "@example.org>\r\n"
                + "\r\n"
                + "First line.\r\n"
                + ".A line that starts with a dot survives dot-stuffing both ways.\r\n"
                + "..\r\n"
                + "Last line.\r\n").getBytes(StandardCharsets.US_ASCII);

        int before = messages().size();
        String reply = WireClients.smtpSend(config.smtpPort(), "sender@example.org", LocalStack.DEMO_USER, original);
        assertThat(reply).startsWith("250");

        MessageDto stored = awaitNewMessage(before);
        byte[] viaPop3 = WireClients.pop3Retrieve(config.pop3Port(), LocalStack.DEMO_USER, LocalStack.DEMO_PASSWORD,
                indexOf(stored) + 1);
        byte[] viaImap = WireClients.imapFetch(config.imapPort(), LocalStack.DEMO_USER, LocalStack.DEMO_PASSWORD,
                indexOf(stored) + 1);

        // what is stored is the message as sent, after the trace fields the MX adds for this hop: Received
        // (RFC 5321 4.4) and Authentication-Results (RFC 8601)
        assertThat(endsWith(viaPop3, original)).as("POP3 copy ends with the exact original bytes").isTrue();
        String trace = new String(viaPop3, 0, viaPop3.length - original.length, StandardCharsets.US_ASCII);
        assertThat(trace).contains("Received: from e2e.test").contains("Authentication-Results: ")
                .endsWith("\r\n").doesNotContain("\r\n\r\n");
        assertThat(viaImap).as("IMAP and POP3 return the same bytes").isEqualTo(viaPop3);
        assertThat(stored.size()).isEqualTo(viaImap.length);
    }

    @Test
    @Order(2)
    void unknownUsersAndForeignDomainsAreRefusedAndNothingIsRelayed() throws Exception {
        byte[] msg = "Subject: x\r\n\r\nx\r\n".getBytes(StandardCharsets.US_ASCII);
        assertThat(WireClients.smtpSend(config.smtpPort(), "a@example.org", "nobody@" + LocalStack.DEMO_DOMAIN, msg))
                .startsWith("550");
        assertThat(WireClients.smtpSend(config.smtpPort(), "a@example.org", "victim@elsewhere.example", msg))
                .startsWith("550");
    }

    @Test
    @Order(3)
    void pythonSmtplibThenCurlPop3AndImap(@TempDir Path downloads) throws Exception {
        Assumptions.assumeTrue(onPath("python3"), "python3 is not installed: skipped");
        String marker = UUID.randomUUID().toString();
        String script = "import smtplib,sys\n"
                + "s=smtplib.SMTP('127.0.0.1', " + config.smtpPort() + ", timeout=30)\n"
                + "s.sendmail('py@example.org', ['" + LocalStack.DEMO_USER + "'], "
                + "'Subject: smtplib " + marker + "\\r\\n\\r\\nsent by python\\r\\n')\n"
                + "s.quit()\n";
        int before = messages().size();
        assertThat(run(List.of("python3", "-c", script))).isEqualTo(0);
        MessageDto stored = awaitNewMessage(before);
        int number = indexOf(stored) + 1;

        Assumptions.assumeTrue(onPath("curl"), "curl is not installed: curl part skipped");
        Path pop3Out = downloads.resolve("curl-pop3.eml");
        Path imapOut = downloads.resolve("curl-imap.eml");
        String user = LocalStack.DEMO_USER + ":" + LocalStack.DEMO_PASSWORD;
        assertThat(run(List.of("curl", "-sS", "--max-time", "30", "-u", user, "-o", pop3Out.toString(),
                "pop3://127.0.0.1:" + config.pop3Port() + "/" + number))).isEqualTo(0);
        assertThat(run(List.of("curl", "-sS", "--max-time", "30", "-u", user, "-o", imapOut.toString(),
                "imap://127.0.0.1:" + config.imapPort() + "/INBOX;UID=" + stored.uid()))).isEqualTo(0);
        byte[] viaCurlPop3 = Files.readAllBytes(pop3Out);
        byte[] viaCurlImap = Files.readAllBytes(imapOut);
        assertThat(new String(viaCurlPop3, StandardCharsets.US_ASCII)).contains("Subject: smtplib " + marker);
        assertThat(viaCurlImap).isEqualTo(viaCurlPop3);
        assertThat((long) viaCurlImap.length).isEqualTo(stored.size());
    }

    @Test
    @Order(4)
    void swaksDeliversToo() throws Exception {
        Assumptions.assumeTrue(onPath("swaks"), "swaks is not installed: skipped");
        String marker = UUID.randomUUID().toString();
        int before = messages().size();
        assertThat(run(List.of("swaks", "--server", "127.0.0.1:" + config.smtpPort(), "--to", LocalStack.DEMO_USER,
                "--from", "swaks@example.org", "--header", "Subject: swaks " + marker, "--silent", "2")))
                .isEqualTo(0);
        MessageDto stored = awaitNewMessage(before);
        byte[] body = WireClients.imapFetch(config.imapPort(), LocalStack.DEMO_USER, LocalStack.DEMO_PASSWORD,
                indexOf(stored) + 1);
        assertThat(new String(body, StandardCharsets.US_ASCII)).contains("Subject: swaks " + marker);
    }

    /** Waits until the INBOX holds more than {@code before} messages and returns the newest. */
    private static MessageDto awaitNewMessage(int before) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            List<MessageDto> all = messages();
            if (all.size() > before) {
                return all.get(all.size() - 1);
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no new message reached the INBOX within 60 s");
    }

    private static List<MessageDto> messages() {
        return stack.admin().messages(stack.demo().accountId(), "INBOX");
    }

    private static int indexOf(MessageDto message) {
        List<MessageDto> all = messages();
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i).uid() == message.uid()) {
                return i;
            }
        }
        throw new AssertionError("uid " + message.uid() + " not in INBOX");
    }

    private static boolean endsWith(byte[] whole, byte[] suffix) {
        if (suffix.length > whole.length) {
            return false;
        }
        for (int i = 0; i < suffix.length; i++) {
            if (whole[whole.length - suffix.length + i] != suffix[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    private static int run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(command.get(0) + " timed out: " + output);
        }
        if (p.exitValue() != 0) {
            System.out.println(command.get(0) + " exited " + p.exitValue() + ": " + output);
        }
        return p.exitValue();
    }
}
