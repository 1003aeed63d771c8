/* Mail platform. Licensed under the Apache License 2.0. */
package dev.mailplatform.smtp.server;

import dev.mailplatform.testkit.TempDirectories;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * With the mailbox service down, RCPT must answer a temporary failure (the sender retries) rather than 550,
 * and the session must stay usable.
 */
@QuarkusTest
@TestProfile(DirectoryUnreachableTest.NoMailboxService.class)
@QuarkusTestResource(value = StackTestResource.class, restrictToAnnotatedClass = true)
class DirectoryUnreachableTest {

    public static class NoMailboxService implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mail.mailbox-service.url", "http://127.0.0.1:" + closedPort());
        }

        private static int closedPort() {
            try (ServerSocket socket = new ServerSocket(0)) {
                return socket.getLocalPort();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** Quarkus leaves the folder it wrote this profile's configuration to: delete it (see TempDirectories). */
    @AfterAll
    static void deleteProfileConfiguration() {
        TempDirectories.deleteQuarkusTestProfileConfig(DirectoryUnreachableTest.class.getClassLoader());
    }

    @Inject
    SmtpServer server;

    @Test
    void answers451WhenTheDirectoryCannotBeReached() throws Exception {
        try (SmtpTestClient c = new SmtpTestClient(server.port("mx"))) {
            c.expect("220");
            c.command("EHLO client.example", "250");
            c.command("MAIL FROM:<a@client.example>", "250 2.1.0");
            c.command("RCPT TO:<someone@anywhere.example>", "451 4.4.3");
            c.command("RCPT TO:<someone@anywhere.example>", "451 4.4.3");
            c.command("DATA", "554 5.5.1");
            c.command("NOOP", "250 2.0.0");
        }
    }

    @Test
    void rejectsA10000ByteLineAndKeepsTheSession() throws Exception {
        try (SmtpTestClient c = new SmtpTestClient(server.port("mx"))) {
            c.expect("220");
            c.send("NOOP " + "x".repeat(10_000) + "\r\nNOOP\r\n");
            c.expect("500 5.5.2 Line too long");
            c.expect("250 2.0.0");
            c.send("HELO a\0b\r\n");
            c.expect("500 5.5.2");
            c.command("QUIT", "221 2.0.0");
        }
    }

    @Test
    void survivesBinaryGarbageAndServesTheNextConnection() throws Exception {
        // 30 lines of random octets: small enough to arrive in one read, so closing cannot reset unread input
        java.util.Random random = new java.util.Random(42);
        java.io.ByteArrayOutputStream lines = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < 30; i++) {
            for (int j = 0; j < 100; j++) {
                int b = random.nextInt(256);
                lines.write(b == '\r' || b == '\n' ? 0 : b);
            }
            lines.write('\r');
            lines.write('\n');
        }
        byte[] garbage = lines.toByteArray();
        try (SmtpTestClient c = new SmtpTestClient(server.port("mx"))) {
            c.expect("220");
            c.sendBytes(garbage);
            // whatever the garbage parses into, every reply is an error reply until the error limit closes us
            String reply;
            do {
                reply = c.reply();
                org.assertj.core.api.Assertions.assertThat(reply).matches("(?s)^(5\\d\\d|421) .*");
            } while (!reply.startsWith("421"));
            org.assertj.core.api.Assertions.assertThat(reply).startsWith("421 4.7.0");
        }
        try (SmtpTestClient c = new SmtpTestClient(server.port("mx"))) {
            c.expect("220");
            c.command("NOOP", "250 2.0.0");
        }
    }
}
