/* Mail platform. Licensed under the Apache License 2.0. */
package dev.mailplatform.pop3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mailplatform.blobstore.BlobStore;
import dev.mailplatform.pop3.server.Pop3Server;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Independent client implementations against the gateway: Python's poplib and curl. Each is skipped visibly (an
 * assumption failure with the reason) when the tool is not installed.
 */
@QuarkusTest
@QuarkusTestResource(value = Pop3TestResource.class, restrictToAnnotatedClass = false)
class RealClientsIT {
    @Inject
    Pop3Server server;
    @Inject
    BlobStore blobs;

    @Test
    void pythonPoplibReadsTheMailbox() throws Exception {
        assumeTrue(works("python3", "-c", "import poplib"), "python3 with poplib is not installed: skipped");
        MailFixture mail = MailFixture.create(blobs);
        Path script = Files.createTempFile("poplib_client", ".py");
        try (InputStream in = getClass().getResourceAsStream("/poplib_client.py")) {
            Files.write(script, in.readAllBytes());
        }
        Result result = run("python3", script.toString(), "127.0.0.1", Integer.toString(server.port()),
                mail.address(), mail.password());
        Files.deleteIfExists(script);

        assertThat(result.exit()).as(result.output()).isZero();
        String first = new String(mail.first(), StandardCharsets.US_ASCII);
        assertThat(result.output()).contains(
                "welcome +OK POP3 server ready",
                "capa ['AUTH-RESP-CODE', 'IMPLEMENTATION', 'PIPELINING', 'RESP-CODES', 'TOP', 'UIDL', 'USER']",
                "stat 2 " + mail.totalOctets(),
                "uidl ['1 ",
                "." + mail.firstStored().uid() + "', '2 ",
                "retr1 " + pythonRepr(first),
                "top2 'From: carol@example.org\\r\\nSubject: second\\r\\n",
                "\\r\\n\\r\\nline 1'",
                "quit +OK bye");
    }

    @Test
    void curlListsAndRetrieves() throws Exception {
        assumeTrue(works("curl", "--version"), "curl is not installed: skipped");
        MailFixture mail = MailFixture.create(blobs);
        String base = "pop3://127.0.0.1:" + server.port() + "/";
        String credentials = mail.address() + ":" + mail.password();

        Result list = run("curl", "-sS", "--max-time", "20", "-u", credentials, base);
        assertThat(list.exit()).as(list.output()).isZero();
        assertThat(list.output()).isEqualTo("1 " + mail.first().length + "\r\n2 " + mail.second().length + "\r\n");

        // curl undoes the byte-stuffing, so it must print exactly the stored message
        Result retr = run("curl", "-sS", "--max-time", "20", "-u", credentials, base + "1");
        assertThat(retr.exit()).as(retr.output()).isZero();
        assertThat(retr.output()).isEqualTo(new String(mail.first(), StandardCharsets.US_ASCII));

        Result wrong = run("curl", "-sS", "--max-time", "20", "-u", mail.address() + ":wrong", base);
        assertThat(wrong.exit()).as("curl reports a login failure (67)").isEqualTo(67);
    }

    private static String pythonRepr(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'").replace("\r", "\\r").replace("\n", "\\n") + "'";
    }

    record Result(int exit, String output) {
    }

    private static boolean works(String... command) {
        try {
            return run(command).exit() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static Result run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " did not finish");
        }
        return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }
}
