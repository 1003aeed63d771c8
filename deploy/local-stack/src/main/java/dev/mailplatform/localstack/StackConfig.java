package dev.mailplatform.localstack;

import java.nio.file.Path;

/**
 * Where the local stack keeps its data and which ports it listens on. Every port can be overridden with an
 * environment variable (e.g. {@code MAIL_SMTP_PORT=2525}).
 */
public record StackConfig(
        Path repositoryRoot,
        Path dataDir,
        boolean clean,
        int smtpPort,
        int submissionPort,
        int submissionsPort,
        int imapPort,
        int imapsPort,
        int pop3Port,
        int pop3sPort,
        int apiPort,
        int smtpHttpPort,
        int imapHttpPort,
        int pop3HttpPort,
        int workerHttpPort,
        int kafkaPort,
        int postgresPort,
        int s3Port) {

    public static StackConfig fromEnvironment(Path repositoryRoot, Path dataDir, boolean clean) {
        return new StackConfig(repositoryRoot, dataDir, clean,
                port("MAIL_SMTP_PORT", 1025), port("MAIL_SUBMISSION_PORT", 1587), port("MAIL_SUBMISSIONS_PORT", 1465),
                port("MAIL_IMAP_PORT", 1143), port("MAIL_IMAPS_PORT", 1993),
                port("MAIL_POP3_PORT", 1110), port("MAIL_POP3S_PORT", 1995),
                port("MAIL_API_PORT", 8080),
                port("MAIL_SMTP_HTTP_PORT", 8081), port("MAIL_IMAP_HTTP_PORT", 8082),
                port("MAIL_POP3_HTTP_PORT", 8083), port("MAIL_WORKER_HTTP_PORT", 8084),
                port("MAIL_KAFKA_PORT", 19092), port("MAIL_POSTGRES_PORT", 15432), port("MAIL_S3_PORT", 19000));
    }

    /** Every port on a free ephemeral port: for tests that run next to another stack. */
    public static StackConfig ephemeral(Path repositoryRoot, Path dataDir) {
        return new StackConfig(repositoryRoot, dataDir, true,
                free(), free(), free(), free(), free(), free(), free(), free(),
                free(), free(), free(), free(), free(), free(), free());
    }

    private static int free() {
        return dev.mailplatform.testkit.Ports.free();
    }

    /** Where the stack's self-signed certificate lives (clients pass it as their CA, e.g. curl --cacert). */
    public Path tlsDir() {
        return dataDir.resolve("tls");
    }

    private static int port(String env, int fallback) {
        String value = System.getenv(env);
        return value == null || value.isBlank() ? fallback : Integer.parseInt(value.trim());
    }
}
