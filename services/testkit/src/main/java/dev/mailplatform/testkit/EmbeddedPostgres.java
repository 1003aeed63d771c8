package dev.mailplatform.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL 17 server from the zonky binaries, with a {@code mail} database owned by a {@code mail} role. The
 * data directory is kept between starts, and when the server stops, unless the caller asks for a clean start.
 */
public final class EmbeddedPostgres implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgres.class);
    public static final String DATABASE = "mail";
    public static final String USER = "mail";
    public static final String PASSWORD = "mail";

    private final io.zonky.test.db.postgres.embedded.EmbeddedPostgres server;
    private final Path dataDir;

    private EmbeddedPostgres(io.zonky.test.db.postgres.embedded.EmbeddedPostgres server, Path dataDir) {
        this.server = server;
        this.dataDir = dataDir;
    }

    public static EmbeddedPostgres start(Path dataDir, int port, boolean clean) {
        try {
            if (clean) {
                TempDirectories.deleteRecursively(dataDir);
            }
            Files.createDirectories(dataDir.getParent());
            var builder = io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder()
                    .setPort(port)
                    .setDataDirectory(dataDir.toFile())
                    // zonky's "clean" also deletes the data directory when the server stops: a local stack started
                    // with --clean lost its whole database at its next stop. Wiping before a clean start is done here.
                    .setCleanDataDirectory(false)
                    .setServerConfig("max_connections", "200")
                    .setServerConfig("fsync", "on")
                    // zonky defaults to off: a commit could then be lost in a PostgreSQL crash after the mailbox
                    // service had acknowledged a delivery's Kafka offset, so a message accepted with 250 was gone
                    .setServerConfig("synchronous_commit", "on");
            // extra server settings for a diagnostic run, e.g.
            // EMBEDDED_PG_CONFIG="shared_preload_libraries=pg_stat_statements,track_io_timing=on"
            String extra = System.getenv("EMBEDDED_PG_CONFIG");
            if (extra != null && !extra.isBlank()) {
                for (String setting : extra.split(",")) {
                    String[] kv = setting.split("=", 2);
                    if (kv.length == 2) {
                        builder.setServerConfig(kv[0].trim(), kv[1].trim());
                    }
                }
            }
            var server = builder.start();
            createDatabase(server.getPostgresDatabase());
            LOG.info("PostgreSQL listening on 127.0.0.1:{}", port);
            return new EmbeddedPostgres(server, dataDir);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the embedded PostgreSQL in " + dataDir, e);
        }
    }

    private static void createDatabase(DataSource admin) throws Exception {
        try (Connection c = admin.getConnection(); Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT 1 FROM pg_roles WHERE rolname = '" + USER + "'")) {
                if (!rs.next()) {
                    st.execute("CREATE ROLE " + USER + " LOGIN PASSWORD '" + PASSWORD + "'");
                }
            }
            try (ResultSet rs = st.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'")) {
                if (!rs.next()) {
                    st.execute("CREATE DATABASE " + DATABASE + " OWNER " + USER);
                }
            }
        }
    }

    public int port() {
        return server.getPort();
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/" + DATABASE;
    }

    /** Returns once the server has stopped, so that its data directory can be deleted. */
    @Override
    public void close() {
        try {
            server.close();
        } catch (Exception e) {
            LOG.warn("stopping PostgreSQL failed", e);
        }
        // at JVM exit zonky's own shutdown hook may be stopping the server already, and then close() returns at
        // once: wait for the server to remove its pid file, the last thing it does, or deleting the data directory
        // would race with what it writes while it stops
        Path pid = dataDir.resolve("postmaster.pid");
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
        while (Files.exists(pid) && System.nanoTime() < deadline) {
            Ports.sleep(100);
        }
    }
}
