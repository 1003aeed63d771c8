package dev.mailplatform.localstack;

import dev.mailplatform.testkit.AdminApi;
import dev.mailplatform.testkit.Infrastructure;
import dev.mailplatform.testkit.ServiceProcess;
import dev.mailplatform.tls.TlsSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

/**
 * The whole platform on one machine: real Kafka, PostgreSQL and S3 servers, then the five services, each as its own
 * process from its packaged jar (they are separate deployables), then a demo tenant, domain and user.
 */
public final class LocalStack implements AutoCloseable {
    public static final String DEMO_DOMAIN = "demo.mail.test";
    public static final String DEMO_USER = "alice@" + DEMO_DOMAIN;
    public static final String DEMO_PASSWORD = "demo-password";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);

    private final StackConfig config;
    private final Infrastructure infrastructure;
    private final List<ServiceProcess> services;
    private final Secrets secrets;
    private final Demo demo;
    private final long startMillis;

    /** Credentials generated on first start and kept in the data folder, so restarts keep working. */
    record Secrets(String adminToken, String serviceToken) {
    }

    /** The demo account (created once, remembered in the data folder). */
    public record Demo(UUID tenantId, UUID accountId, String address, String password) {
    }

    private LocalStack(StackConfig config, Infrastructure infrastructure, List<ServiceProcess> services,
            Secrets secrets, Demo demo, long startMillis) {
        this.config = config;
        this.infrastructure = infrastructure;
        this.services = services;
        this.secrets = secrets;
        this.demo = demo;
        this.startMillis = startMillis;
    }

    public static LocalStack start(StackConfig config) {
        long t0 = System.nanoTime();
        if (config.clean()) {
            // the demo tenant and tokens describe the database that --clean throws away: without this a clean start
            // would skip creating the demo user and the MX would refuse its address as a relay attempt
            deleteIfExists(config.dataDir().resolve("demo.properties"));
            deleteIfExists(config.dataDir().resolve("secrets.properties"));
        }
        Infrastructure infra = Infrastructure.start(new Infrastructure.Options(config.dataDir().resolve("infra"),
                config.kafkaPort(), config.postgresPort(), config.s3Port(), config.clean()));
        List<ServiceProcess> started = new ArrayList<>();
        try {
            Secrets secrets = loadOrCreateSecrets(config.dataDir());
            Map<String, String> common = new HashMap<>(infra.quarkusConfig());
            common.put("mail.admin-token", secrets.adminToken());
            common.put("mail.service-token", secrets.serviceToken());
            common.put("mail.mailbox-service.url", "http://127.0.0.1:" + config.apiPort());
            // one self-signed certificate for every listener, made here once: services starting side by side
            // must not each generate their own pair into the same files
            TlsSettings tls = TlsSettings.configuredOrSelfSigned(null, null, config.tlsDir(),
                    List.of("localhost", "127.0.0.1"));
            common.put("mail.tls.cert-path", tls.certificate().toString());
            common.put("mail.tls.key-path", tls.privateKey().toString());
            common.put("mail.tls.self-signed-dir", config.tlsDir().toString());
            Path logs = config.dataDir().resolve("logs");

            // everything else needs the mailbox service: start it first, then the rest side by side
            started.add(ServiceProcess.start("mailbox-service", jar(config, "mailbox-service"), common,
                    config.apiPort(), logs.resolve("mailbox-service.log"), START_TIMEOUT));
            List<CompletableFuture<ServiceProcess>> rest = List.of(
                    startAsync(config, "delivery-worker", with(common, Map.of()), config.workerHttpPort(), logs),
                    startAsync(config, "gateway-smtp", with(common, Map.of(
                            "mail.smtp.mx.port", String.valueOf(config.smtpPort()),
                            "mail.smtp.submission.port", String.valueOf(config.submissionPort()),
                            "mail.smtp.submissions.port", String.valueOf(config.submissionsPort()),
                            // in the data folder, so a killed stack leaves nothing in the machine's /tmp
                            "mail.smtp.spool-directory", spoolDirectory(config).toString())),
                            config.smtpHttpPort(), logs),
                    startAsync(config, "gateway-pop3", with(common, Map.of(
                            "mail.pop3.port", String.valueOf(config.pop3Port()),
                            "mail.pop3.tls-port", String.valueOf(config.pop3sPort()))), config.pop3HttpPort(), logs),
                    startAsync(config, "gateway-imap", with(common, Map.of(
                            "mail.imap.port", String.valueOf(config.imapPort()),
                            "mail.imap.tls-port", String.valueOf(config.imapsPort()),
                            // plaintext LOGIN stays possible from loopback only, for curl and quick tests
                            "mail.imap.allow-plaintext-auth", "true")), config.imapHttpPort(), logs));
            RuntimeException failure = null;
            for (CompletableFuture<ServiceProcess> f : rest) {
                try {
                    started.add(f.join());
                } catch (RuntimeException e) {
                    failure = failure == null ? e : failure;
                }
            }
            if (failure != null) {
                throw failure;
            }
            AdminApi admin = new AdminApi("http://127.0.0.1:" + config.apiPort(), secrets.adminToken(),
                    secrets.serviceToken(), infra.kafkaBootstrap());
            Demo demo = loadOrCreateDemo(config.dataDir(), admin);
            return new LocalStack(config, infra, started, secrets, demo, (System.nanoTime() - t0) / 1_000_000);
        } catch (RuntimeException e) {
            for (ServiceProcess service : started) {
                service.close();
            }
            infra.close();
            throw e;
        }
    }

    private static CompletableFuture<ServiceProcess> startAsync(StackConfig config, String module,
            Map<String, String> serviceConfig, int httpPort, Path logs) {
        return CompletableFuture.supplyAsync(() -> ServiceProcess.start(module, jar(config, module), serviceConfig,
                httpPort, logs.resolve(module + ".log"), START_TIMEOUT));
    }

    private static Map<String, String> with(Map<String, String> base, Map<String, String> extra) {
        Map<String, String> merged = new HashMap<>(base);
        merged.putAll(extra);
        return merged;
    }

    private static Path jar(StackConfig config, String module) {
        return config.repositoryRoot().resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
    }

    private static Secrets loadOrCreateSecrets(Path dataDir) {
        Properties p = loadProperties(dataDir.resolve("secrets.properties"));
        if (p.getProperty("admin-token") == null) {
            p.setProperty("admin-token", randomToken());
            p.setProperty("service-token", randomToken());
            storeProperties(dataDir.resolve("secrets.properties"), p);
        }
        return new Secrets(p.getProperty("admin-token"), p.getProperty("service-token"));
    }

    private static Demo loadOrCreateDemo(Path dataDir, AdminApi admin) {
        Path file = dataDir.resolve("demo.properties");
        Properties p = loadProperties(file);
        if (p.getProperty("account-id") == null) {
            UUID tenant = admin.createTenant("demo");
            admin.createDomain(tenant, DEMO_DOMAIN);
            UUID account = admin.createAccount(tenant, DEMO_USER, DEMO_PASSWORD);
            p.setProperty("tenant-id", tenant.toString());
            p.setProperty("account-id", account.toString());
            storeProperties(file, p);
        }
        return new Demo(UUID.fromString(p.getProperty("tenant-id")), UUID.fromString(p.getProperty("account-id")),
                DEMO_USER, DEMO_PASSWORD);
    }

    private static Path spoolDirectory(StackConfig config) {
        Path spool = config.dataDir().resolve("spool");
        try {
            Files.createDirectories(spool);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return spool;
    }

    private static void deleteIfExists(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String randomToken() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static Properties loadProperties(Path file) {
        Properties p = new Properties();
        if (Files.exists(file)) {
            try (var in = Files.newInputStream(file)) {
                p.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return p;
    }

    private static void storeProperties(Path file, Properties p) {
        try {
            Files.createDirectories(file.getParent());
            try (var out = Files.newOutputStream(file)) {
                p.store(out, "local stack state: delete the data folder (or start with --clean) to reset");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public StackConfig config() {
        return config;
    }

    public Demo demo() {
        return demo;
    }

    public String adminToken() {
        return secrets.adminToken();
    }

    /** The mailbox service's admin and gateway API, with this stack's credentials. */
    public AdminApi admin() {
        return new AdminApi("http://127.0.0.1:" + config.apiPort(), secrets.adminToken(), secrets.serviceToken(),
                infrastructure.kafkaBootstrap());
    }

    public Infrastructure infrastructure() {
        return infrastructure;
    }

    public List<ServiceProcess> services() {
        return services;
    }

    public long startMillis() {
        return startMillis;
    }

    /** What a person needs to connect: printed once the stack is up. */
    public String banner() {
        StackConfig c = config;
        StringBuilder b = new StringBuilder();
        b.append("\n================ mail platform: local stack is up (").append(startMillis).append(" ms) ================\n");
        b.append(String.format("  SMTP (MX)        127.0.0.1:%d%n", c.smtpPort()));
        b.append(String.format("  Submission       127.0.0.1:%d (STARTTLS + AUTH)   submissions 127.0.0.1:%d (TLS)%n",
                c.submissionPort(), c.submissionsPort()));
        b.append(String.format("  IMAP             127.0.0.1:%d (STARTTLS)          IMAPS 127.0.0.1:%d (TLS)%n",
                c.imapPort(), c.imapsPort()));
        b.append(String.format("  POP3             127.0.0.1:%d (STLS)              POP3S 127.0.0.1:%d (TLS)%n",
                c.pop3Port(), c.pop3sPort()));
        b.append(String.format("  TLS certificate  %s (self-signed: give it to clients as their CA)%n",
                c.tlsDir().resolve("self-signed-cert.pem")));
        b.append(String.format("  Mailbox API      http://127.0.0.1:%d/api/v1   (OpenAPI: /q/openapi)%n", c.apiPort()));
        b.append(String.format("  Admin token      %s%n", secrets.adminToken()));
        b.append(String.format("  Demo user        %s   password: %s%n", demo.address(), demo.password()));
        b.append(String.format("  Data folder      %s   (logs in %s)%n", c.dataDir(), c.dataDir().resolve("logs")));
        b.append("\n  Send a message:\n");
        b.append(String.format("    swaks --server 127.0.0.1:%d --to %s --from you@example.org%n", c.smtpPort(),
                demo.address()));
        b.append(String.format("    python3 -c \"import smtplib; smtplib.SMTP('127.0.0.1', %d).sendmail('you@example.org',"
                + " ['%s'], 'Subject: hi\\r\\n\\r\\nhello\\r\\n')\"%n", c.smtpPort(), demo.address()));
        b.append("  Read it back:\n");
        b.append(String.format("    curl -u '%s:%s' pop3://127.0.0.1:%d/1%n", demo.address(), demo.password(),
                c.pop3Port()));
        b.append(String.format("    curl -u '%s:%s' 'imap://127.0.0.1:%d/INBOX;UID=1'%n", demo.address(),
                demo.password(), c.imapPort()));
        b.append(String.format("  Thunderbird: account %s, IMAPS 127.0.0.1 port %d, SMTP 127.0.0.1 port %d "
                + "(STARTTLS), normal password; accept the self-signed certificate%n", demo.address(), c.imapsPort(),
                c.submissionPort()));
        b.append("\n  Processes:\n");
        for (ServiceProcess s : services) {
            b.append(String.format("    %-16s pid %-7d http :%d  RSS %d MiB%n", s.name(), s.pid(), s.httpPort(),
                    s.rssKib() / 1024));
        }
        b.append("\n  Ctrl-C stops everything.\n");
        return b.toString();
    }

    @Override
    public void close() {
        for (int i = services.size() - 1; i >= 0; i--) {
            services.get(i).close();
        }
        infrastructure.close();
    }

    public static void main(String[] args) throws Exception {
        boolean clean = false;
        Path root = null;
        Path data = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--clean" -> clean = true;
                case "--root" -> root = Path.of(args[++i]);
                case "--data" -> data = Path.of(args[++i]);
                default -> {
                    System.err.println("usage: LocalStack [--clean] [--root REPO] [--data DIR]");
                    System.exit(2);
                }
            }
        }
        if (root == null) {
            root = ServiceProcess.repositoryRoot();
        }
        if (data == null) {
            String env = System.getenv("MAIL_DATA_DIR");
            data = env != null && !env.isBlank() ? Path.of(env) : root.resolve(".local-data");
        }
        LocalStack stack = start(StackConfig.fromEnvironment(root.toAbsolutePath(), data.toAbsolutePath(), clean));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\nstopping the local stack...");
            stack.close();
            stopped.countDown();
        }, "local-stack-shutdown"));
        System.out.println(stack.banner());
        stopped.await();
    }
}
