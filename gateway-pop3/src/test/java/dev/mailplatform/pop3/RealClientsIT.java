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
import org.junit.jupiter.api.io.TempDir;

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

    private static final String CAPA_AUTHORIZATION = "['AUTH-RESP-CODE', 'EXPIRE', 'IMPLEMENTATION', 'LOGIN-DELAY', "
            + "'PIPELINING', 'RESP-CODES', 'SASL', 'STLS', 'TOP', 'UIDL', 'USER']";
    private static final String CAPA_UNDER_TLS = "['AUTH-RESP-CODE', 'EXPIRE', 'IMPLEMENTATION', 'LOGIN-DELAY', "
            + "'PIPELINING', 'RESP-CODES', 'SASL', 'TOP', 'UIDL', 'USER']";

    @Test
    void pythonPoplibReadsTheMailbox() throws Exception {
        MailFixture mail = MailFixture.create(blobs);
        Result result = poplib("plain", server.port(), mail);
        assertThat(result.output()).contains("capa " + CAPA_AUTHORIZATION + "\n");
        assertPoplibSession(result, mail);
    }

    @Test
    void pythonPoplibOverImplicitTls() throws Exception {
        MailFixture mail = MailFixture.create(blobs);
        Result result = poplib("ssl", server.tlsPort(), mail, server.certificate().toString());
        assertThat(result.output()).contains("capa " + CAPA_UNDER_TLS + "\n").containsPattern("tls TLSv1\\.[23]");
        assertPoplibSession(result, mail);
    }

    @Test
    void pythonPoplibWithStls() throws Exception {
        MailFixture mail = MailFixture.create(blobs);
        Result result = poplib("stls", server.port(), mail, server.certificate().toString());
        assertThat(result.output()).contains("capa " + CAPA_AUTHORIZATION + "\n",
                "stls +OK begin TLS negotiation", "capa-after-stls " + CAPA_UNDER_TLS + "\n")
                .containsPattern("tls TLSv1\\.[23]");
        assertPoplibSession(result, mail);
    }

    private Result poplib(String mode, int port, MailFixture mail, String... cafile) throws Exception {
        assumeTrue(works("python3", "-c", "import poplib, ssl"), "python3 with poplib is not installed: skipped");
        Path script = Files.createTempFile("poplib_client", ".py");
        try {
            try (InputStream in = getClass().getResourceAsStream("/poplib_client.py")) {
                Files.write(script, in.readAllBytes());
            }
            List<String> command = new java.util.ArrayList<>(List.of("python3", script.toString(), mode, "127.0.0.1",
                    Integer.toString(port), mail.address(), mail.password()));
            command.addAll(List.of(cafile));
            return run(command.toArray(String[]::new));
        } finally {
            Files.deleteIfExists(script);
        }
    }

    private static void assertPoplibSession(Result result, MailFixture mail) {
        assertThat(result.exit()).as(result.output()).isZero();
        String first = new String(mail.first(), StandardCharsets.US_ASCII);
        assertThat(result.output()).contains(
                "welcome +OK POP3 server ready",
                "stat 2 " + mail.totalOctets(),
                "uidl ['1 ",
                "." + mail.firstStored().uid() + "', '2 ",
                "retr1 " + pythonRepr(first),
                "top2 'From: carol@example.org\\r\\nSubject: second\\r\\n",
                "\\r\\n\\r\\nline 1'",
                "dele +OK message 2 deleted",
                "quit +OK bye, 1 messages deleted");
        assertThat(mail.inbox()).extracting(dev.mailplatform.contracts.api.MessageDto::uid)
                .containsExactly(mail.firstStored().uid());
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

    @Test
    void curlOverImplicitTlsAndWithStls() throws Exception {
        assumeTrue(works("curl", "--version"), "curl is not installed: skipped");
        MailFixture mail = MailFixture.create(blobs);
        String credentials = mail.address() + ":" + mail.password();
        String cacert = server.certificate().toString();

        Result pop3s = run("curl", "-sS", "--max-time", "20", "--cacert", cacert, "-u", credentials,
                "pop3s://127.0.0.1:" + server.tlsPort() + "/1");
        assertThat(pop3s.exit()).as(pop3s.output()).isZero();
        assertThat(pop3s.output()).isEqualTo(new String(mail.first(), StandardCharsets.US_ASCII));

        // --ssl-reqd: curl must run STLS and refuse to go on in clear
        Result stls = run("curl", "-sS", "--max-time", "20", "--ssl-reqd", "--cacert", cacert, "-u", credentials,
                "pop3://127.0.0.1:" + server.port() + "/2");
        assertThat(stls.exit()).as(stls.output()).isZero();
        assertThat(stls.output()).isEqualTo(new String(mail.second(), StandardCharsets.US_ASCII));

        Result untrusted = run("curl", "-sS", "--max-time", "20", "-u", credentials,
                "pop3s://127.0.0.1:" + server.tlsPort() + "/1");
        assertThat(untrusted.exit()).as("curl refuses the self-signed certificate without --cacert (60)")
                .isEqualTo(60);
    }

    @Test
    void fetchmailOverImplicitTlsAndStls(@TempDir Path work) throws Exception {
        assumeTrue(works("fetchmail", "--version"), "fetchmail is not installed (apt-get install fetchmail): skipped");
        for (boolean implicit : new boolean[] {true, false}) {
            MailFixture mail = MailFixture.create(blobs);
            Path dir = Files.createDirectory(work.resolve(implicit ? "implicit-tls" : "stls"));
            Path mbox = dir.resolve("out.mbox");
            Path rc = dir.resolve("fetchmailrc");
            Files.writeString(rc, "set no syslog\n"
                    + "poll localhost via 127.0.0.1 service " + (implicit ? server.tlsPort() : server.port())
                    + " protocol pop3 uidl\n"
                    + "  user \"" + mail.address() + "\" there with password \"" + mail.password() + "\"\n"
                    + "  " + (implicit ? "ssl" : "sslproto 'tls1.2+'") + " sslcertck sslcertfile \""
                    + server.certificate() + "\" sslcommonname localhost\n"
                    + "  keep\n"
                    + "  mda \"/bin/sh -c 'cat >> " + mbox + "'\"\n");
            Files.setPosixFilePermissions(rc, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            Result result = run("fetchmail", "--nodetach", "-v", "-f", rc.toString(), "--idfile",
                    dir.resolve("ids").toString(), "--pidfile", dir.resolve("pid").toString());
            assertThat(result.exit()).as(result.output()).isZero();
            assertThat(result.output()).as("implicit=" + implicit).contains("2 messages")
                    .containsPattern(implicit ? "SSL|TLS" : "STLS");
            String fetched = Files.readString(mbox, StandardCharsets.ISO_8859_1);
            assertThat(fetched).as("fetchmail hands the MDA LF line ends, byte-stuffing undone")
                    .contains("Subject: first", "\n.a line starting with a dot\n", "\n..two dots\n", "Subject: second");
            assertThat(mail.inbox()).as("keep: nothing deleted").hasSize(2);
        }
    }

    @Test
    void getmail6OverImplicitTls(@TempDir Path dir) throws Exception {
        assumeTrue(works("getmail", "--version"), "getmail6 is not installed (apt-get install getmail6): skipped");
        MailFixture mail = MailFixture.create(blobs);
        Path maildir = dir.resolve("Maildir");
        for (String sub : List.of("cur", "new", "tmp")) {
            Files.createDirectories(maildir.resolve(sub));
        }
        // getmail refuses to deliver as root; in a root container it delivers as nobody, so the folder is shared
        boolean root = "root".equals(System.getProperty("user.name"));
        if (root) {
            run("chmod", "-R", "a+rwx", dir.toString());
        }
        Files.writeString(dir.resolve("getmailrc"), "[retriever]\n"
                + "type = SimplePOP3SSLRetriever\n"
                + "server = 127.0.0.1\n"
                + "port = " + server.tlsPort() + "\n"
                + "username = " + mail.address() + "\n"
                + "password = " + mail.password() + "\n"
                + "ca_certs = " + server.certificate() + "\n"
                + "[destination]\n"
                + "type = Maildir\n"
                + "path = " + maildir + "/\n"
                + (root ? "user = nobody\n" : "")
                + "[options]\n"
                + "read_all = true\n"
                + "delete = true\n"
                + "verbose = 2\n");
        Result result = run("getmail", "--getmaildir", dir.toString(), "--rcfile", "getmailrc");
        assertThat(result.exit()).as(result.output()).isZero();
        assertThat(result.output()).contains("2 messages (" + mail.totalOctets() + " bytes) retrieved");
        StringBuilder fetched = new StringBuilder();
        try (var files = Files.list(maildir.resolve("new"))) {
            for (Path file : files.sorted().toList()) {
                fetched.append(Files.readString(file, StandardCharsets.ISO_8859_1));
            }
        }
        assertThat(fetched).contains("Subject: first", "Subject: second", ".a line starting with a dot\n", "\n..two dots\n");
        assertThat(mail.inbox()).as("getmail deleted what it retrieved").isEmpty();
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
