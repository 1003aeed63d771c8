/* Mail platform. Licensed under the Apache License 2.0. */
package dev.mailplatform.pop3;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import dev.mailplatform.blobstore.BlobStore;
import dev.mailplatform.contracts.api.MessageDto;
import dev.mailplatform.pop3.server.Pop3Server;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The POP3 gateway over real sockets, against the real mailbox service, Kafka, PostgreSQL and S3. */
@QuarkusTest
@QuarkusTestResource(value = Pop3TestResource.class, restrictToAnnotatedClass = false)
class Pop3GatewayIT {
    @Inject
    Pop3Server server;
    @Inject
    BlobStore blobs;

    MailFixture mail;

    @BeforeEach
    void deliverTwoMessages() {
        mail = MailFixture.create(blobs);
    }

    @Test
    void loginSnapshotsInboxForStatListAndUidl() {
        String uidl;
        try (var pop = Pop3TestClient.connect(server.port())) {
            assertThat(pop.login(mail.address(), mail.password()))
                    .isEqualTo("+OK maildrop has 2 messages (" + mail.totalOctets() + " octets)");
            assertThat(pop.command("STAT")).isEqualTo("+OK 2 " + mail.totalOctets());

            assertThat(pop.command("LIST")).startsWith("+OK 2 messages");
            assertThat(pop.readMultiline()).isEqualTo(
                    "1 " + mail.first().length + "\r\n2 " + mail.second().length + "\r\n.\r\n");
            assertThat(pop.command("LIST 2")).isEqualTo("+OK 2 " + mail.second().length);
            assertThat(pop.command("LIST 3")).startsWith("-ERR no such message");

            assertThat(pop.command("UIDL")).startsWith("+OK");
            uidl = pop.readMultiline();
            assertThat(uidl).matches("1 \\d+\\." + mail.firstStored().uid() + "\r\n2 \\d+\\."
                    + mail.secondStored().uid() + "\r\n\\.\r\n");
            assertThat(pop.command("UIDL 2")).isEqualTo("+OK " + uidl.split("\r\n")[1]);
            assertThat(pop.command("NOOP")).isEqualTo("+OK");
            assertThat(pop.command("QUIT")).isEqualTo("+OK bye");
        }
        try (var again = Pop3TestClient.connect(server.port())) {
            again.login(mail.address(), mail.password());
            again.command("UIDL");
            assertThat(again.readMultiline()).as("unique ids are stable across sessions").isEqualTo(uidl);
        }
    }

    @Test
    void retrSendsTheStoredBytesByteStuffed() {
        try (var pop = Pop3TestClient.connect(server.port())) {
            pop.login(mail.address(), mail.password());
            assertThat(pop.command("RETR 1")).isEqualTo("+OK " + mail.first().length + " octets");
            assertThat(new String(pop.readMultilineRaw(), StandardCharsets.US_ASCII))
                    .isEqualTo(MailFixture.stuffed(mail.first()))
                    .contains("\r\n..a line starting with a dot\r\n", "\r\n...two dots\r\n", "\r\n..\r\nlast");
            assertThat(pop.command("RETR 2")).startsWith("+OK");
            assertThat(new String(pop.readMultilineRaw(), StandardCharsets.US_ASCII))
                    .isEqualTo(MailFixture.stuffed(mail.second()));
            assertThat(pop.command("RETR 3")).startsWith("-ERR no such message");
        }
    }

    @Test
    void largeMessageStreamsByteExactThroughBackPressure() {
        StringBuilder sb = new StringBuilder("From: big@example.org\r\nSubject: large\r\n\r\n");
        for (int i = 0; sb.length() < 3 * 1024 * 1024; i++) {
            sb.append(i % 5 == 0 ? "." : "").append("line ").append(i).append(" of a large body\r\n");
        }
        byte[] large = sb.toString().getBytes(StandardCharsets.US_ASCII);
        mail.deliver(blobs, large);
        try (var pop = Pop3TestClient.connect(server.port())) {
            pop.login(mail.address(), mail.password());
            assertThat(pop.command("RETR 3")).isEqualTo("+OK " + large.length + " octets");
            byte[] received = pop.readMultilineRaw();
            assertThat(received.length).isEqualTo(MailFixture.stuffed(large).length());
            assertThat(received).isEqualTo(MailFixture.stuffed(large).getBytes(StandardCharsets.US_ASCII));
            assertThat(pop.command("TOP 3 1")).startsWith("+OK");
            assertThat(pop.readMultiline()).isEqualTo("From: big@example.org\r\nSubject: large\r\n\r\n..line 0 of a large body\r\n.\r\n");
        }
    }

    /**
     * 30 MB through RETR. While the client reads nothing, the gateway may only read from S3 what fits in the socket
     * buffers, the bounded write queue and one chunk: proof that the message is streamed chunk by chunk under
     * back-pressure and never pulled whole into the heap. Then the whole message must arrive byte-exact.
     */
    @Test
    void thirtyMegabyteRetrIsStreamedWithoutReadingAheadOfTheClient() throws Exception {
        StringBuilder sb = new StringBuilder(31 * 1024 * 1024).append("From: huge@example.org\r\nSubject: 30 MB\r\n\r\n");
        for (int i = 0; sb.length() < 30 * 1024 * 1024; i++) {
            sb.append(i % 7 == 0 ? ".." : "").append("line ").append(i)
                    .append(" 0123456789abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz\r\n");
        }
        byte[] huge = sb.toString().getBytes(StandardCharsets.US_ASCII);
        sb.setLength(0);
        mail.deliver(blobs, huge);
        byte[] expected = MailFixture.stuffed(huge).getBytes(StandardCharsets.US_ASCII);
        byte[] expectedDigest = java.security.MessageDigest.getInstance("SHA-256").digest(expected);
        long expectedLength = expected.length;
        expected = null;
        huge = null;

        try (var pop = new Pop3TestClient(server.port(), 4096)) {
            pop.readLine();
            pop.login(mail.address(), mail.password());
            double before = HostileClientIT.metric("mail_pop3_blob_read_bytes_total");
            pop.send("RETR 3\r\n");
            Thread.sleep(3_000);
            double readWhileStalled = HostileClientIT.metric("mail_pop3_blob_read_bytes_total") - before;
            assertThat(readWhileStalled).as("octets read from S3 while the client reads nothing")
                    .isGreaterThan(0).isLessThan(8 * 1024 * 1024);

            assertThat(pop.readLine()).matches("\\+OK \\d+ octets");
            var digest = java.security.MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[64 * 1024];
            long received = 0;
            while (received < expectedLength) {
                long n = pop.readInto(digest, buffer);
                assertThat(n).as("connection closed after %d octets", received).isPositive();
                received += n;
            }
            assertThat(received).isEqualTo(expectedLength);
            assertThat(digest.digest()).isEqualTo(expectedDigest);
            assertThat(pop.command("NOOP")).isEqualTo("+OK");
        }
    }

    @Test
    void topSendsHeaderBlankLineAndFirstBodyLines() {
        try (var pop = Pop3TestClient.connect(server.port())) {
            pop.login(mail.address(), mail.password());
            assertThat(pop.command("TOP 1 2")).startsWith("+OK");
            String top = pop.readMultiline();
            String header = new String(mail.first(), StandardCharsets.US_ASCII).split("\r\n\r\n")[0];
            assertThat(top).isEqualTo(header + "\r\n\r\nHello Bob.\r\n..a line starting with a dot\r\n.\r\n");
            assertThat(pop.command("TOP 2 0")).startsWith("+OK");
            assertThat(pop.readMultiline()).endsWith("Subject: second\r\nMessage-ID: <"
                    + new String(mail.second(), StandardCharsets.US_ASCII).split("Message-ID: <")[1]
                    .split("\r\n")[0] + "\r\n\r\n.\r\n");
        }
    }

    @Test
    void deleThenQuitRemovesOnlyTheMarkedMessage() {
        try (var pop = Pop3TestClient.connect(server.port())) {
            pop.login(mail.address(), mail.password());
            assertThat(pop.command("DELE 1")).isEqualTo("+OK message 1 deleted");
            assertThat(pop.command("DELE 1")).isEqualTo("-ERR message 1 already deleted");
            assertThat(pop.command("RETR 1")).isEqualTo("-ERR message 1 already deleted");
            assertThat(pop.command("STAT")).isEqualTo("+OK 1 " + mail.second().length);
            assertThat(pop.command("LIST")).startsWith("+OK 1 messages");
            assertThat(pop.readMultiline()).isEqualTo("2 " + mail.second().length + "\r\n.\r\n");
            assertThat(pop.command("QUIT")).isEqualTo("+OK bye, 1 messages deleted");
            assertThat(pop.isClosedByServer()).isTrue();
        }
        assertThat(mail.inbox()).extracting(MessageDto::uid).containsExactly(mail.secondStored().uid());
        try (var pop = Pop3TestClient.connect(server.port())) {
            assertThat(pop.login(mail.address(), mail.password()))
                    .isEqualTo("+OK maildrop has 1 messages (" + mail.second().length + " octets)");
            pop.command("RETR 1");
            assertThat(pop.readMultilineRaw()).isEqualTo(MailFixture.stuffed(mail.second())
                    .getBytes(StandardCharsets.US_ASCII));
        }
    }

    @Test
    void droppedConnectionDeletesNothing() throws Exception {
        var pop = Pop3TestClient.connect(server.port());
        pop.login(mail.address(), mail.password());
        assertThat(pop.command("DELE 1")).startsWith("+OK");
        assertThat(pop.command("DELE 2")).startsWith("+OK");
        pop.abort();
        // the close reaches the server asynchronously; give a wrongly implemented UPDATE time to happen
        Thread.sleep(500);
        assertThat(mail.inbox()).hasSize(2);
        try (var again = Pop3TestClient.connect(server.port())) {
            assertThat(again.login(mail.address(), mail.password())).startsWith("+OK maildrop has 2 messages");
        }
    }

    @Test
    void rsetUnmarksSoQuitDeletesNothing() {
        try (var pop = Pop3TestClient.connect(server.port())) {
            pop.login(mail.address(), mail.password());
            pop.command("DELE 2");
            assertThat(pop.command("RSET")).isEqualTo("+OK maildrop has 2 messages (" + mail.totalOctets()
                    + " octets)");
            assertThat(pop.command("QUIT")).isEqualTo("+OK bye");
        }
        assertThat(mail.inbox()).hasSize(2);
    }

    @Test
    void wrongPasswordIsRefusedAfterADelayAndTheNextAttemptMayLogIn() {
        try (var pop = Pop3TestClient.connect(server.port())) {
            assertThat(pop.command("USER " + mail.address())).startsWith("+OK");
            long started = System.nanoTime();
            assertThat(pop.command("PASS wrong")).isEqualTo("-ERR [AUTH] invalid credentials");
            assertThat((System.nanoTime() - started) / 1_000_000).as("failure delay in ms").isGreaterThanOrEqualTo(100);
            assertThat(pop.command("STAT")).isEqualTo("-ERR STAT not allowed in this state");
            assertThat(pop.command("PASS " + mail.password())).as("USER must be given again").isEqualTo("-ERR USER first");
            assertThat(pop.login(mail.address(), mail.password())).startsWith("+OK maildrop has 2 messages");
        }
        try (var pop = Pop3TestClient.connect(server.port())) {
            assertThat(pop.command("USER nobody@nowhere.test")).startsWith("+OK");
            assertThat(pop.command("PASS whatever")).isEqualTo("-ERR [AUTH] invalid credentials");
        }
    }

    @Test
    void tooManyAuthFailuresCloseTheConnection() {
        try (var pop = Pop3TestClient.connect(server.port())) {
            for (int i = 1; i <= 2; i++) {
                pop.command("USER " + mail.address());
                assertThat(pop.command("PASS wrong" + i)).isEqualTo("-ERR [AUTH] invalid credentials");
            }
            pop.command("USER " + mail.address());
            assertThat(pop.command("PASS wrong3")).isEqualTo("-ERR [AUTH] invalid credentials, too many failures");
            assertThat(pop.isClosedByServer()).isTrue();
        }
        try (var next = Pop3TestClient.connect(server.port())) {
            assertThat(next.login(mail.address(), mail.password())).startsWith("+OK");
        }
    }

    @Test
    void badInputGetsErrAndTheSessionContinues() {
        try (var pop = Pop3TestClient.connect(server.port())) {
            assertThat(pop.command("STAT")).isEqualTo("-ERR STAT not allowed in this state");
            assertThat(pop.command("PASS x")).isEqualTo("-ERR USER first");
            assertThat(pop.command("HELO there")).isEqualTo("-ERR unknown command");
            assertThat(pop.command("x".repeat(1_000_000))).isEqualTo("-ERR line too long (max 255 octets)");
            pop.sendBytes(new byte[] {(byte) 0xff, 0, 1, '\r', '\n'});
            assertThat(pop.readLine()).startsWith("-ERR");
            assertThat(pop.command("CAPA")).startsWith("+OK");
            assertThat(pop.readMultiline()).isEqualTo("TOP\r\nUIDL\r\nUSER\r\nSASL PLAIN LOGIN\r\nSTLS\r\n"
                    + "RESP-CODES\r\nAUTH-RESP-CODE\r\nPIPELINING\r\nEXPIRE NEVER\r\nLOGIN-DELAY 0\r\n"
                    + "IMPLEMENTATION mail-platform\r\n.\r\n");
            pop.login(mail.address(), mail.password());
            assertThat(pop.command("USER again")).isEqualTo("-ERR USER not allowed in this state");
            assertThat(pop.command("RETR x")).isEqualTo("-ERR invalid message number");
            assertThat(pop.command("TOP 1")).isEqualTo("-ERR TOP needs 2 arguments");
            assertThat(pop.command("STAT")).startsWith("+OK 2 ");
        }
    }

    @Test
    void pipelinedCommandsAreAnsweredInOrder() {
        try (var pop = Pop3TestClient.connect(server.port())) {
            pop.send("USER " + mail.address() + "\r\nPASS " + mail.password() + "\r\nSTAT\r\nRETR 2\r\nLIST 1\r\n"
                    + "BOGUS\r\nQUIT\r\n");
            assertThat(pop.readLine()).startsWith("+OK");
            assertThat(pop.readLine()).startsWith("+OK maildrop has 2 messages");
            assertThat(pop.readLine()).isEqualTo("+OK 2 " + mail.totalOctets());
            assertThat(pop.readLine()).startsWith("+OK");
            assertThat(pop.readMultilineRaw()).isEqualTo(MailFixture.stuffed(mail.second())
                    .getBytes(StandardCharsets.US_ASCII));
            assertThat(pop.readLine()).isEqualTo("+OK 1 " + mail.first().length);
            assertThat(pop.readLine()).isEqualTo("-ERR unknown command");
            assertThat(pop.readLine()).isEqualTo("+OK bye");
            assertThat(pop.isClosedByServer()).isTrue();
        }
    }

    @Test
    void secondRetrOfABodyIsServedFromTheCacheByteForByte() {
        String expected = MailFixture.stuffed(mail.first());
        try (var pop = Pop3TestClient.connect(server.port())) {
            pop.login(mail.address(), mail.password());
            assertThat(pop.command("RETR 1")).isEqualTo("+OK " + mail.first().length + " octets");
            assertThat(new String(pop.readMultilineRaw(), StandardCharsets.US_ASCII)).isEqualTo(expected);
            pop.command("QUIT");
        }
        // content-addressed bodies never change: once read, the copy in memory is the message, S3 is not asked again
        blobs.delete(mail.firstStored().blobKey());
        try (var pop = Pop3TestClient.connect(server.port())) {
            pop.login(mail.address(), mail.password());
            assertThat(pop.command("RETR 1")).isEqualTo("+OK " + mail.first().length + " octets");
            assertThat(new String(pop.readMultilineRaw(), StandardCharsets.US_ASCII)).isEqualTo(expected);
            // TOP reads the same cached body
            assertThat(pop.command("TOP 1 0")).startsWith("+OK");
            assertThat(new String(pop.readMultilineRaw(), StandardCharsets.US_ASCII)).endsWith("\r\n\r\n.\r\n");
            pop.command("QUIT");
        }
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("cache_gets_total{cache=\"pop3-bodies\",result=\"hit\"}"));
    }

    @Test
    void metricsCountSessionsCommandsAndRetrBytes() {
        try (var pop = Pop3TestClient.connect(server.port())) {
            pop.login(mail.address(), mail.password());
            pop.command("RETR 1");
            pop.readMultilineRaw();
            pop.command("QUIT");
        }
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("mail_pop3_sessions_total"))
                .body(containsString("mail_pop3_commands_total{command=\"retr\",result=\"ok\"}"))
                .body(containsString("mail_pop3_commands_total{command=\"pass\",result=\"ok\"}"))
                .body(containsString("mail_pop3_retr_bytes_total"));
        given().get("/q/health/ready").then().statusCode(200).body(containsString("pop3-listener"));
    }
}
