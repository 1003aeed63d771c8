/* Mail platform. Licensed under the Apache License 2.0. */
package dev.mailplatform.smtp.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailplatform.contracts.events.AcceptedMail;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.eclipse.angus.mail.smtp.SMTPTransport;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Interoperability with real clients over real TLS: Angus Mail (Jakarta Mail) on both submission ports, and python
 * smtplib, swaks and curl from the machine when installed (each skips with a message when absent).
 */
@QuarkusTest
@QuarkusTestResource(value = GatewayTestResource.class, restrictToAnnotatedClass = true)
class RealClientsIT {
    @Inject
    SmtpServer server;

    TestAccounts accounts;

    @BeforeEach
    void setUp() throws Exception {
        accounts = TestAccounts.shared();
    }

    @Test
    void angusMailOverStartTls() throws Exception {
        Properties props = new Properties();
        props.put("mail.smtp.starttls.enable", "true");
        props.put("mail.smtp.starttls.required", "true");
        props.put("mail.smtp.auth", "true");
        props.put("mail.smtp.ssl.socketFactory", SmtpTestClient.trusting(server.tlsSettings().certificate())
                .getSocketFactory());
        props.put("mail.smtp.ssl.checkserveridentity", "true");
        assertDelivered(angusSend("smtp", props, server.port("submission")), "submission");
    }

    @Test
    void angusMailOverImplicitTls() throws Exception {
        Properties props = new Properties();
        props.put("mail.smtps.auth", "true");
        props.put("mail.smtps.ssl.socketFactory", SmtpTestClient.trusting(server.tlsSettings().certificate())
                .getSocketFactory());
        props.put("mail.smtps.ssl.checkserveridentity", "true");
        assertDelivered(angusSend("smtps", props, server.port("submissions")), "submissions");
    }

    @Test
    void pythonSmtplibWithStartTlsAndLogin() throws Exception {
        Optional<Path> python = executable("python3");
        Assumptions.assumeTrue(python.isPresent(), "python3 is not installed");
        String script = String.join("\n",
                "import smtplib, ssl, sys",
                "from email.message import EmailMessage",
                "port, cafile, user, password, rcpt = sys.argv[1:6]",
                "msg = EmailMessage()",
                "msg['From'] = user",
                "msg['To'] = rcpt",
                "msg['Subject'] = 'from smtplib'",
                "msg.set_content('hello over STARTTLS')",
                "ctx = ssl.create_default_context(cafile=cafile)",
                "with smtplib.SMTP('127.0.0.1', int(port), local_hostname='python.example') as s:",
                "    s.starttls(context=ctx)",
                "    s.login(user, password)",
                "    print('REFUSED', s.send_message(msg))",
                "    print('LAST', s.noop())",
                "");
        String output = run(List.of(python.get().toString(), "-c", script,
                String.valueOf(server.port("submission")), server.tlsSettings().certificate().toString(),
                accounts.alice, TestAccounts.PASSWORD, accounts.bob));
        assertThat(output).contains("REFUSED {}", "LAST (250");
    }

    @Test
    void swaksWithTlsAndAuth() throws Exception {
        Optional<Path> swaks = executable("swaks");
        Assumptions.assumeTrue(swaks.isPresent(), "swaks is not installed");
        String output = run(List.of(swaks.get().toString(), "--server", "127.0.0.1",
                "--port", String.valueOf(server.port("submission")), "--tls", "--auth", "LOGIN",
                "--auth-user", accounts.alice, "--auth-password", TestAccounts.PASSWORD,
                "--from", accounts.alice, "--to", accounts.bob, "--helo", "swaks.example",
                "--header", "Subject: from swaks"));
        String messageId = TestAccounts.queuedId(output.replace("<~ ", ""));
        assertDelivered(messageId, "submission");
    }

    @Test
    void curlWithSslRequiredAndVerifiedCertificate() throws Exception {
        Optional<Path> curl = executable("curl");
        Assumptions.assumeTrue(curl.isPresent(), "curl is not installed");
        Path mail = Files.createTempFile("curl-mail-", ".eml");
        Files.writeString(mail, "From: " + accounts.alice + "\r\nTo: " + accounts.bob
                + "\r\nSubject: from curl\r\n\r\nhello from curl\r\n");
        try {
            String output = run(List.of(curl.get().toString(), "-sS", "-v",
                    "--url", "smtp://127.0.0.1:" + server.port("submission"), "--ssl-reqd",
                    "--cacert", server.tlsSettings().certificate().toString(),
                    "--user", accounts.alice + ":" + TestAccounts.PASSWORD,
                    "--mail-from", accounts.alice, "--mail-rcpt", accounts.bob, "--upload-file", mail.toString()));
            String messageId = TestAccounts.queuedId(output.replace("< ", ""));
            assertDelivered(messageId, "submission");
        } finally {
            Files.deleteIfExists(mail);
        }
    }

    private String angusSend(String protocol, Properties props, int port) throws Exception {
        Session session = Session.getInstance(props);
        MimeMessage message = new MimeMessage(session);
        message.setFrom(new InternetAddress(accounts.alice));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(accounts.bob));
        message.setSubject("from Angus Mail " + protocol);
        message.setText("hello\n.\nwith a dot line and Unicode: \u00e9t\u00e9", "UTF-8");
        try (SMTPTransport transport = (SMTPTransport) session.getTransport(protocol)) {
            transport.connect("127.0.0.1", port, accounts.alice, TestAccounts.PASSWORD);
            transport.sendMessage(message, message.getAllRecipients());
            return TestAccounts.queuedId(transport.getLastServerResponse());
        }
    }

    private void assertDelivered(String messageId, String listener) {
        AcceptedMail mail = TestAccounts.awaitAccepted(messageId);
        assertThat(mail.listener()).isEqualTo(listener);
        assertThat(mail.mailFrom()).isEqualTo(accounts.alice);
        assertThat(mail.senderTenantId()).isEqualTo(accounts.tenantId);
        assertThat(mail.recipients()).singleElement().satisfies(r -> assertThat(r.accountId()).isEqualTo(accounts.bobId));
    }

    private static String run(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("%s finished", command.get(0)).isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }

    private static Optional<Path> executable(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
