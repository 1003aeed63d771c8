/* Mail platform. Licensed under the Apache License 2.0. */
package dev.mailplatform.pop3;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mailplatform.blobstore.BlobStore;
import dev.mailplatform.pop3.server.Pop3Server;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Clients that misbehave on purpose. Each case asserts the exact reply and that the next connection is served. */
@QuarkusTest
@QuarkusTestResource(value = Pop3TestResource.class, restrictToAnnotatedClass = false)
class HostileClientIT {
    private static final String RETR_IO = "mail_pop3_commands_total{command=\"retr\",result=\"io\"}";
    private static final Pattern OPEN_SESSIONS = Pattern.compile("(?m)^mail_pop3_sessions_open\\s+([0-9.]+)");

    @Inject
    Pop3Server server;
    @Inject
    BlobStore blobs;

    @Test
    void randomBytesGetErrRepliesAndTheServerKeepsServing() {
        byte[] junk = new byte[64 * 1024];
        new Random(1939).nextBytes(junk);
        for (int i = 0; i < junk.length; i++) {
            if (junk[i] == '\n') {
                junk[i] = 'x';
            }
        }
        // a few line ends so there are lines, some of them longer than 255 octets
        for (int i = 100; i < junk.length; i += 1000) {
            junk[i] = '\n';
        }
        try (var pop = Pop3TestClient.connect(server.port())) {
            pop.sendBytes(junk);
            pop.send("\r\nQUIT\r\n");
            int errors = 0;
            String line;
            while (!(line = pop.readLine()).equals("+OK bye")) {
                assertThat(line).startsWith("-ERR ");
                errors++;
            }
            // 66 line ends inside the junk plus the CRLF after it: every one of the 67 lines is answered
            assertThat(errors).isEqualTo(67);
            assertThat(pop.isClosedByServer()).isTrue();
        }
        assertServed();
    }

    @Test
    void pipelinedFloodFromAClientThatDoesNotReadIsAnsweredInFull() throws Exception {
        MailFixture mail = MailFixture.create(blobs);
        int count = 20_000;
        try (var pop = Pop3TestClient.connect(server.port())) {
            pop.login(mail.address(), mail.password());
            // the writer blocks once the server stops reading (its replies are not being read): hence a thread
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> pop.send("NOOP\r\n".repeat(count)));
            Thread.sleep(300);
            for (int i = 0; i < count; i++) {
                assertThat(pop.readLine()).isEqualTo("+OK");
            }
            writer.get();
            assertThat(pop.command("STAT")).startsWith("+OK 2 ");
        }
        assertServed();
    }

    @Test
    void clientAbandoningALargeRetrMidStreamReleasesTheSession() throws Exception {
        MailFixture mail = MailFixture.create(blobs);
        byte[] large = ("Subject: large\r\n\r\n" + "0123456789".repeat(100) + "\r\n")
                .repeat(3_000).getBytes(StandardCharsets.US_ASCII);
        mail.deliver(blobs, large);
        double before = openSessions();
        double abortedRetrs = metric(RETR_IO);
        var pop = Pop3TestClient.connect(server.port());
        pop.login(mail.address(), mail.password());
        assertThat(pop.command("RETR 3")).isEqualTo("+OK " + large.length + " octets");
        pop.readLine();
        pop.abort();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (openSessions() > before && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(openSessions()).as("open sessions after the abandoned RETR").isEqualTo(before);
        // the RETR itself must end (stream closed, no wait for a drain that never comes), counted as an I/O end
        while (metric(RETR_IO) == abortedRetrs && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(metric(RETR_IO)).isEqualTo(abortedRetrs + 1);
        assertThat(mail.inbox()).hasSize(3);
        assertServed();
    }

    private void assertServed() {
        try (var pop = Pop3TestClient.connect(server.port())) {
            assertThat(pop.command("CAPA")).startsWith("+OK");
            assertThat(pop.readMultiline()).contains("PIPELINING");
        }
    }

    private static double openSessions() {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher m = OPEN_SESSIONS.matcher(metrics);
        assertThat(m.find()).as("gauge mail_pop3_sessions_open is exported").isTrue();
        return Double.parseDouble(m.group(1));
    }

    /** A counter's value, 0 while it has not been created yet. */
    static double metric(String series) {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + "\\s+([0-9.E]+)").matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
