package dev.mailplatform.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The real infrastructure the services need, started without Docker: a KRaft Kafka broker in this JVM, a PostgreSQL
 * server and an S3-compatible server as child processes. Tests share one instance per JVM ({@link #shared()}); the
 * local stack starts one on fixed ports with a persistent data folder ({@link #start(Options)}).
 */
public final class Infrastructure implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Infrastructure.class);
    public static final String BUCKET = "mail";
    private static Infrastructure shared;
    /** Names the JVM that owns the shared data folder, so that a later JVM can delete it if that one died. */
    private static final String OWNER_FILE = "owner.pid";

    /**
     * @param dataDir where Kafka logs, the PostgreSQL cluster and S3 objects live
     * @param clean   wipe the data folder first
     */
    public record Options(Path dataDir, int kafkaPort, int postgresPort, int s3Port, boolean clean) {
        public static Options ephemeral() {
            try {
                return new Options(Files.createTempDirectory("mail-testkit-"), Ports.free(), Ports.free(), Ports.free(),
                        true);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private final EmbeddedPostgres postgres;
    private final EmbeddedKafka kafka;
    private final S3ProxyServer s3;

    private Infrastructure(EmbeddedPostgres postgres, EmbeddedKafka kafka, S3ProxyServer s3) {
        this.postgres = postgres;
        this.kafka = kafka;
        this.s3 = s3;
    }

    /**
     * One instance per JVM, started on first use and stopped when the JVM exits; its data folder, a throwaway folder
     * in the machine's temporary folder, is deleted then too.
     */
    public static synchronized Infrastructure shared() {
        if (shared == null) {
            sweepOrphans();
            Options options = Options.ephemeral();
            Path dir = options.dataDir();
            Infrastructure started;
            try {
                started = start(options);
                // after start: a clean start wipes the folder first
                Files.writeString(dir.resolve(OWNER_FILE), Long.toString(ProcessHandle.current().pid()));
            } catch (IOException | RuntimeException e) {
                TempDirectories.deleteRecursively(dir);
                throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
            }
            shared = started;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                started.close();
                deleteDataDir(dir);
            }, "testkit-shutdown"));
        }
        return shared;
    }

    private static void deleteDataDir(Path dir) {
        for (int attempt = 0; attempt < 3 && !TempDirectories.deleteRecursively(dir); attempt++) {
            Ports.sleep(500);
        }
    }

    /**
     * Deletes the data folders of shared instances whose JVM is gone without deleting them (killed, or halted before
     * its shutdown hook was done). A folder whose owner still runs, or that names no owner, is left alone.
     */
    static void sweepOrphans() {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        try (var dirs = Files.newDirectoryStream(tmp, "mail-testkit-*")) {
            for (Path dir : dirs) {
                long owner;
                try {
                    owner = Long.parseLong(Files.readString(dir.resolve(OWNER_FILE)).trim());
                } catch (IOException | NumberFormatException e) {
                    continue;
                }
                if (ProcessHandle.of(owner).map(ProcessHandle::isAlive).orElse(false)) {
                    continue;
                }
                LOG.info("deleting {}, left behind by test JVM {} which is gone", dir, owner);
                TempDirectories.deleteRecursively(dir);
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("cannot sweep {} for orphaned data folders", tmp, e);
        }
    }

    public static Infrastructure start(Options options) {
        long t0 = System.nanoTime();
        Path dir = options.dataDir();
        try {
            if (options.clean()) {
                TempDirectories.deleteRecursively(dir);
            }
            Files.createDirectories(dir);
            // S3Proxy's filesystem backend maps a bucket to a folder: creating it up front means every service
            // finds its bucket even before one of them calls CreateBucket
            Files.createDirectories(dir.resolve("s3/buckets").resolve(BUCKET));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // PostgreSQL and S3Proxy are separate processes: start them while the broker starts here
        var s3 = S3ProxyServer.start(dir.resolve("s3"), options.s3Port());
        var postgres = EmbeddedPostgres.start(dir.resolve("postgres"), options.postgresPort(), options.clean());
        var kafka = EmbeddedKafka.start(dir.resolve("kafka"), options.kafkaPort());
        LOG.info("infrastructure up in {} ms", (System.nanoTime() - t0) / 1_000_000);
        return new Infrastructure(postgres, kafka, s3);
    }

    public String kafkaBootstrap() {
        return kafka.bootstrapServers();
    }

    public String jdbcUrl() {
        return postgres.jdbcUrl();
    }

    public String dbUser() {
        return EmbeddedPostgres.USER;
    }

    public String dbPassword() {
        return EmbeddedPostgres.PASSWORD;
    }

    public String s3Endpoint() {
        return s3.endpoint();
    }

    public String s3AccessKey() {
        return S3ProxyServer.ACCESS_KEY;
    }

    public String s3SecretKey() {
        return S3ProxyServer.SECRET_KEY;
    }

    public String s3Bucket() {
        return BUCKET;
    }

    /** The configuration every service needs to reach this infrastructure, by the platform's property names. */
    public Map<String, String> quarkusConfig() {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("kafka.bootstrap.servers", kafkaBootstrap());
        config.put("quarkus.datasource.jdbc.url", jdbcUrl());
        config.put("quarkus.datasource.username", dbUser());
        config.put("quarkus.datasource.password", dbPassword());
        config.put("mail.s3.endpoint", s3Endpoint());
        config.put("mail.s3.access-key", s3AccessKey());
        config.put("mail.s3.secret-key", s3SecretKey());
        config.put("mail.s3.bucket", s3Bucket());
        config.put("mail.s3.region", "us-east-1");
        return config;
    }

    @Override
    public void close() {
        try {
            kafka.close();
        } catch (RuntimeException e) {
            LOG.warn("stopping Kafka failed", e);
        }
        postgres.close();
        s3.close();
    }
}
