package dev.mailplatform.imap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mailplatform.imap.server.ImapServer;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real clients against the gateway: Python's imaplib through a full session (APPEND, STORE, SEARCH, COPY, EXPUNGE,
 * IDLE-free), and mbsync (isync) mirroring INBOX into a Maildir. A client that is not installed is reported as skipped.
 */
@QuarkusTest
@QuarkusTestResource(value = ImapTestResource.class, restrictToAnnotatedClass = false)
class InteropIT {
    private static TestMailboxes box;

    @Inject
    ImapServer server;

    @BeforeAll
    static void seed() throws Exception {
        box = TestMailboxes.create("imap-interop");
        box.deliver(box.message("first", "one\r\n"));
        box.deliver(box.message("second", "two\r\n"));
    }

    @Test
    void pythonImaplibFullSession(@TempDir Path dir) throws Exception {
        assumeTrue(onPath("python3"), "python3 is not on the PATH");
        Path script = Files.writeString(dir.resolve("session.py"), """
                import imaplib, sys
                port, user, password = int(sys.argv[1]), sys.argv[2], sys.argv[3]
                m = imaplib.IMAP4('127.0.0.1', port)
                m.login(user, password)
                typ, data = m.create('Interop')
                assert typ == 'OK', (typ, data)
                typ, data = m.append('Interop', '(\\\\Flagged)', None, b'Subject: appended\\r\\n\\r\\nbody\\r\\n')
                assert typ == 'OK' and b'APPENDUID' in data[0], data
                typ, data = m.select('INBOX')
                assert typ == 'OK' and int(data[0]) >= 2, data
                typ, data = m.search(None, 'SUBJECT', 'second')
                assert typ == 'OK' and data[0] == b'2', data
                typ, data = m.fetch('1:2', '(UID FLAGS ENVELOPE BODYSTRUCTURE)')
                assert typ == 'OK' and len([d for d in data if d]) == 2, data
                typ, data = m.store('1', '+FLAGS', '(\\\\Seen)')
                assert typ == 'OK' and b'\\\\Seen' in data[0], data
                typ, data = m.copy('1:2', 'Interop')
                assert typ == 'OK', (typ, data)
                typ, data = m.status('Interop', '(MESSAGES UNSEEN)')
                assert typ == 'OK' and b'MESSAGES 3' in data[0], data
                m.select('Interop')
                typ, data = m.store('1', '+FLAGS', '(\\\\Deleted)')
                typ, data = m.expunge()
                assert typ == 'OK' and data == [b'1'], data
                typ, data = m.list()
                assert typ == 'OK' and any(b'"Interop"' in d for d in data), data
                m.close()
                m.logout()
                print('imaplib session ok')
                """);
        Process p = new ProcessBuilder("python3", script.toString(), String.valueOf(server.port()), box.address,
                TestMailboxes.PASSWORD).redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(output).isZero();
        assertThat(output).contains("imaplib session ok");
    }

    @Test
    void mbsyncMirrorsTheInbox(@TempDir Path dir) throws Exception {
        assumeTrue(onPath("mbsync"), "mbsync (isync) is not installed");
        Path maildir = Files.createDirectories(dir.resolve("mail"));
        Path config = Files.writeString(dir.resolve("mbsyncrc"), """
                IMAPAccount platform
                Host 127.0.0.1
                Port %d
                User %s
                Pass "%s"
                SSLType None
                AuthMechs LOGIN

                IMAPStore remote
                Account platform

                MaildirStore local
                Path %s/
                Inbox %s/INBOX

                Channel inbox
                Far :remote:
                Near :local:
                Patterns INBOX
                Create Near
                Sync Pull
                SyncState *
                """.formatted(server.port(), box.address, TestMailboxes.PASSWORD, maildir, maildir));
        Process p = new ProcessBuilder("mbsync", "-c", config.toString(), "-a").redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(output).isZero();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(maildir.resolve("INBOX"))) {
            files = walk.filter(Files::isRegularFile).filter(f -> f.getParent().getFileName().toString().equals("new")
                    || f.getParent().getFileName().toString().equals("cur")).toList();
        }
        assertThat(files).as(output).hasSizeGreaterThanOrEqualTo(2);
        assertThat(files).anyMatch(f -> read(f).contains("Subject: second"));
    }

    private static String read(Path f) {
        try {
            return Files.readString(f, StandardCharsets.ISO_8859_1);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }
}
