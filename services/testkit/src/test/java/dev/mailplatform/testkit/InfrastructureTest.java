package dev.mailplatform.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** The test kit's engines are real servers: talk to each over its own protocol. */
class InfrastructureTest {
    private final Infrastructure infra = Infrastructure.shared();

    @Test
    void kafkaBrokerStoresAndServesRecords() throws Exception {
        String topic = "testkit-" + UUID.randomUUID();
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrap(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true), new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, "k", "hello")).get();
        }
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrap(),
                ConsumerConfig.GROUP_ID_CONFIG, "testkit",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            String value = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (value == null && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    value = r.value();
                }
            }
            assertThat(value).isEqualTo("hello");
        }
    }

    @Test
    void postgresAcceptsTheMailRole() throws Exception {
        try (Connection c = DriverManager.getConnection(infra.jdbcUrl(), infra.dbUser(), infra.dbPassword());
                ResultSet rs = c.createStatement().executeQuery("SELECT current_database(), version(),"
                        + " current_setting('synchronous_commit'), current_setting('fsync')")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("mail");
            assertThat(rs.getString(2)).startsWith("PostgreSQL 17");
            // a committed delivery must survive a crash of the server: durable commits
            assertThat(rs.getString(3)).isEqualTo("on");
            assertThat(rs.getString(4)).isEqualTo("on");
        }
    }

    /** A clean start wipes the data first; stopping never does (the local stack's database outlives a restart). */
    @Test
    void postgresKeepsItsDataWhenItStopsEvenAfterACleanStart(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path data = dir.resolve("pg");
        int port = Ports.free();
        try (EmbeddedPostgres pg = EmbeddedPostgres.start(data, port, true);
                Connection c = DriverManager.getConnection(pg.jdbcUrl(), EmbeddedPostgres.USER,
                        EmbeddedPostgres.PASSWORD)) {
            c.createStatement().execute("CREATE TABLE kept (v text); INSERT INTO kept VALUES ('mail')");
        }
        try (EmbeddedPostgres pg = EmbeddedPostgres.start(data, port, false);
                Connection c = DriverManager.getConnection(pg.jdbcUrl(), EmbeddedPostgres.USER,
                        EmbeddedPostgres.PASSWORD);
                ResultSet rs = c.createStatement().executeQuery("SELECT v FROM kept")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("mail");
        }
        try (EmbeddedPostgres pg = EmbeddedPostgres.start(data, port, true);
                Connection c = DriverManager.getConnection(pg.jdbcUrl(), EmbeddedPostgres.USER,
                        EmbeddedPostgres.PASSWORD);
                ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM pg_tables WHERE tablename = 'kept'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isZero();
        }
    }

    /** A data folder whose JVM died before its shutdown hook deleted it goes; a live JVM's and an unowned one stay. */
    @Test
    void sweepDeletesOnlyDataFoldersOfJvmsThatAreGone() throws Exception {
        Process exited = new ProcessBuilder(JavaProcesses.javaExecutable(), "-version").start();
        exited.waitFor();
        java.nio.file.Path orphan = java.nio.file.Files.createTempDirectory("mail-testkit-");
        java.nio.file.Path live = java.nio.file.Files.createTempDirectory("mail-testkit-");
        java.nio.file.Path unowned = java.nio.file.Files.createTempDirectory("mail-testkit-");
        try {
            java.nio.file.Files.writeString(orphan.resolve("owner.pid"), Long.toString(exited.pid()));
            java.nio.file.Files.createDirectories(orphan.resolve("kafka/topic-0"));
            java.nio.file.Files.writeString(live.resolve("owner.pid"), Long.toString(ProcessHandle.current().pid()));
            Infrastructure.sweepOrphans();
            assertThat(orphan).doesNotExist();
            assertThat(live).exists();
            assertThat(unowned).exists();
        } finally {
            TempDirectories.deleteRecursively(orphan);
            TempDirectories.deleteRecursively(live);
            TempDirectories.deleteRecursively(unowned);
        }
    }

    @Test
    void s3ServerAnswersOverHttp() throws Exception {
        var http = java.net.http.HttpClient.newHttpClient();
        var resp = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(infra.s3Endpoint() + "/"))
                .GET().build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        // an unsigned request is refused by a real S3 endpoint with an S3 XML error
        assertThat(resp.statusCode()).isEqualTo(403);
        assertThat(resp.body()).contains("<Error>");
    }
}
