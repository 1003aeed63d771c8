package dev.mailplatform.mailbox.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mailplatform.blobstore.BlobKeys;
import dev.mailplatform.blobstore.BlobStore;
import dev.mailplatform.blobstore.BlobStoreConfig;
import dev.mailplatform.contracts.Json;
import dev.mailplatform.contracts.Topics;
import dev.mailplatform.contracts.api.ApiPaths;
import dev.mailplatform.contracts.events.LocalDelivery;
import dev.mailplatform.testkit.Infrastructure;
import dev.mailplatform.testkit.InfrastructureTestResource;
import dev.mailplatform.testkit.Ports;
import dev.mailplatform.testkit.ServiceProcess;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Rerunnable benchmark of the packaged mailbox-service against the test kit's real Kafka, PostgreSQL and S3, all on
 * this machine. Not a test: run it with {@code deploy/bench/mailbox/run.sh [messages] [accounts]}.
 *
 * <p>Measures: local deliveries per second into one mailbox and spread over many accounts (from the first publish
 * to the last message stored; bodies are uploaded to S3 beforehand, as the SMTP gateway does, and every body is
 * distinct so each delivery is read from S3 and parsed); listing UIDs and FLAGS of the resulting mailbox (server time
 * from the service's own http_server_requests metric, and client time); a header search and a body-text search on
 * it; fetching one message's ENVELOPE and BODYSTRUCTURE.
 */
public final class MailboxBenchmark {
    private static final String ADMIN = InfrastructureTestResource.ADMIN_TOKEN;
    private static final String SERVICE = InfrastructureTestResource.SERVICE_TOKEN;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static String base;

    public static void main(String[] args) throws Exception {
        int messages = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int accounts = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
        Infrastructure infra = Infrastructure.shared();
        Map<String, String> config = new HashMap<>(infra.quarkusConfig());
        config.put("mail.admin-token", ADMIN);
        config.put("mail.service-token", SERVICE);
        config.put("mail.password.bcrypt-cost", "4");
        config.put("mail.mailbox.delivery.max-poll-records", "500");
        config.put("quarkus.log.level", "WARN");
        Path jar = ServiceProcess.repositoryRoot().resolve("mailbox-service/target/quarkus-app/quarkus-run.jar");
        Path log = Path.of("target", "mailbox-benchmark-service.log").toAbsolutePath();
        try (ServiceProcess service = ServiceProcess.start("mailbox-service", jar, config, Ports.free(), log,
                Duration.ofSeconds(180))) {
            base = "http://127.0.0.1:" + service.httpPort();
            BlobStore blobs = new BlobStore(new BlobStoreConfig(infra.s3Endpoint(), infra.s3AccessKey(),
                    infra.s3SecretKey(), infra.s3Bucket(), "us-east-1"));
            blobs.ensureBucket();
            List<String> results = new ArrayList<>();

            // 0. warm-up, not measured: the service's JIT, connection pools and consumer assignment reach their
            // steady state, as in a server that has been running for a while
            UUID warmTenant = createTenant();
            String warmDomain = "warm-" + shortId() + ".example";
            post(ApiPaths.TENANT_DOMAINS.replace("{tenantId}", warmTenant.toString()), ADMIN,
                    Map.of("name", warmDomain));
            UUID warmAccount = createAccount(warmTenant, "warm@" + warmDomain);
            int warmup = Integer.getInteger("bench.warmup", Math.max(1_000, messages));
            deliverAndWait(infra, warmTenant, List.of(warmAccount), List.of("warm@" + warmDomain),
                    upload(blobs, warmup, "warm"));

            // 1. one mailbox
            UUID tenant = createTenant();
            String domain = "bench-" + shortId() + ".example";
            post(ApiPaths.TENANT_DOMAINS.replace("{tenantId}", tenant.toString()), ADMIN, Map.of("name", domain));
            UUID account = createAccount(tenant, "bench@" + domain);
            List<String> keys = upload(blobs, messages, "one");
            double oneRate = deliverAndWait(infra, tenant, List.of(account), List.of("bench@" + domain), keys);
            results.add(String.format(Locale.ROOT, "deliveries into one mailbox:        %,8.0f /s (%d messages)",
                    oneRate, messages));

            // 2. spread over many accounts of another tenant (fresh bodies: nothing is parsed already)
            UUID tenant2 = createTenant();
            String domain2 = "bench-" + shortId() + ".example";
            post(ApiPaths.TENANT_DOMAINS.replace("{tenantId}", tenant2.toString()), ADMIN, Map.of("name", domain2));
            List<UUID> many = Collections.synchronizedList(new ArrayList<>());
            List<String> addresses = new ArrayList<>();
            ExecutorService pool = Executors.newFixedThreadPool(8);
            List<Future<UUID>> created = new ArrayList<>();
            for (int i = 0; i < accounts; i++) {
                String address = "u" + i + "@" + domain2;
                addresses.add(address);
                created.add(pool.submit(() -> createAccount(tenant2, address)));
            }
            for (Future<UUID> f : created) {
                many.add(f.get());
            }
            pool.shutdown();
            List<String> keys2 = upload(blobs, messages, "many");
            double manyRate = deliverAndWait(infra, tenant2, many, addresses, keys2);
            results.add(String.format(Locale.ROOT, "deliveries over %,d accounts:       %,8.0f /s (%d messages)",
                    accounts, manyRate, messages));
            if (System.getenv("BENCH_PG_STATEMENTS") != null) {
                results.addAll(statementStats(infra));
            }

            // 3. listing UIDs and FLAGS of the big mailbox
            String listPath = ApiPaths.MAILBOX_MESSAGES.replace("{accountId}", account.toString())
                    .replace("{mailbox}", "INBOX");
            Timing list = timing(30, () -> get(listPath + "?uids=1:*"), "GET", ApiPaths.MAILBOX_MESSAGES);
            results.add(String.format(Locale.ROOT,
                    "list UIDs+FLAGS of %,d messages:  server avg %6.1f ms, client median %6.1f ms, p95 %6.1f ms",
                    messages, list.serverAvgMs, list.medianMs, list.p95Ms));

            // 4. searches
            String searchPath = ApiPaths.MAILBOX_SEARCH.replace("{accountId}", account.toString())
                    .replace("{mailbox}", "INBOX");
            Map<String, Object> header = Map.of("criteria", Map.of("key", "SUBJECT", "value", "topic-42"));
            Timing headerSearch = timing(20, () -> post(searchPath, SERVICE, header), "POST", ApiPaths.MAILBOX_SEARCH);
            int headerHits = post(searchPath, SERVICE, header).get("uids").size();
            Map<String, Object> body = Map.of("criteria", Map.of("key", "BODY", "value", "needle314x"));
            Timing bodySearch = timing(20, () -> post(searchPath, SERVICE, body), "POST", ApiPaths.MAILBOX_SEARCH);
            int bodyHits = post(searchPath, SERVICE, body).get("uids").size();
            results.add(String.format(Locale.ROOT,
                    "SEARCH SUBJECT (%d hits):           server avg %6.1f ms, client median %6.1f ms, p95 %6.1f ms",
                    headerHits, headerSearch.serverAvgMs, headerSearch.medianMs, headerSearch.p95Ms));
            results.add(String.format(Locale.ROOT,
                    "SEARCH BODY (%d hits):              server avg %6.1f ms, client median %6.1f ms, p95 %6.1f ms",
                    bodyHits, bodySearch.serverAvgMs, bodySearch.medianMs, bodySearch.p95Ms));

            // 5. fetch one message's metadata
            java.util.Random random = new java.util.Random(7);
            Timing fetch = timing(200, () -> get(listPath + "?uids=" + (1 + random.nextInt(messages))
                    + "&include=envelope,bodystructure"), "GET", ApiPaths.MAILBOX_MESSAGES);
            results.add(String.format(Locale.ROOT,
                    "fetch ENVELOPE+BODYSTRUCTURE of 1:  server avg %6.1f ms, client median %6.1f ms, p95 %6.1f ms",
                    fetch.serverAvgMs, fetch.medianMs, fetch.p95Ms));

            System.out.println();
            System.out.println("mailbox-service benchmark (" + Runtime.getRuntime().availableProcessors()
                    + " cores, Kafka + PostgreSQL + S3 on the same machine)");
            results.forEach(System.out::println);
            blobs.close();
        }
        System.exit(0);
    }

    /**
     * The statements that took the most PostgreSQL time so far; needs the server started with
     * EMBEDDED_PG_CONFIG=shared_preload_libraries=pg_stat_statements (a diagnostic, not part of the figures).
     */
    private static List<String> statementStats(Infrastructure infra) throws Exception {
        List<String> lines = new ArrayList<>();
        String url = infra.jdbcUrl().replaceFirst("/[^/?]+(\\?|$)", "/postgres$1");
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(url, "postgres", "");
                java.sql.Statement st = c.createStatement()) {
            st.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
            try (java.sql.ResultSet rs = st.executeQuery("""
                    SELECT calls, round(total_exec_time)::bigint, round(mean_exec_time::numeric, 3),
                        left(regexp_replace(query, '\\s+', ' ', 'g'), 110)
                    FROM pg_stat_statements ORDER BY total_exec_time DESC LIMIT 15""")) {
                lines.add("top PostgreSQL statements: calls, total ms, mean ms, query");
                while (rs.next()) {
                    lines.add(String.format(Locale.ROOT, "  %8d %8d %8s  %s", rs.getLong(1), rs.getLong(2),
                            rs.getString(3), rs.getString(4)));
                }
            }
        }
        return lines;
    }

    private static String shortId() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    private static UUID createTenant() throws Exception {
        return UUID.fromString(post(ApiPaths.TENANTS, ADMIN, Map.of("name", "bench-" + shortId())).get("id")
                .asText());
    }

    private static UUID createAccount(UUID tenant, String address) throws Exception {
        return UUID.fromString(post(ApiPaths.TENANT_ACCOUNTS.replace("{tenantId}", tenant.toString()), ADMIN,
                Map.of("address", address, "password", "bench-password")).get("id").asText());
    }

    /** Distinct ~1.5 KB messages, uploaded in parallel under their content address (the gateway's job). */
    private static List<String> upload(BlobStore blobs, int n, String tag) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<String>> futures = new ArrayList<>();
        String run = shortId();
        for (int i = 0; i < n; i++) {
            int index = i;
            futures.add(pool.submit(() -> {
                String text = "From: Sender " + (index % 97) + " <s" + (index % 97) + "@remote.example>\r\n"
                        + "To: bench@local.example\r\n"
                        + "Subject: Benchmark " + tag + " #" + index + " about topic-" + (index % 100) + " \r\n"
                        + "Date: Mon, 2 Feb 2026 10:00:00 +0000\r\n"
                        + "Message-ID: <" + run + "." + index + "@remote.example>\r\n"
                        + "Content-Type: text/plain; charset=utf-8\r\n\r\n"
                        + ("Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor. ")
                                .repeat(15)
                        + "\r\nneedle" + (index % 500) + "x marks this one.\r\n";
                byte[] raw = text.getBytes(StandardCharsets.UTF_8);
                String key = BlobKeys.messageKey(MessageDigest.getInstance("SHA-256").digest(raw));
                blobs.put(key, raw);
                return key;
            }));
        }
        List<String> keys = new ArrayList<>();
        for (Future<String> f : futures) {
            keys.add(f.get());
        }
        pool.shutdown();
        return keys;
    }

    /** Publishes one delivery per key (round-robin over accounts) and waits until all are stored; returns per second. */
    private static double deliverAndWait(Infrastructure infra, UUID tenant, List<UUID> accounts,
            List<String> addresses, List<String> keys) throws Exception {
        long before = storedCount(infra, tenant);
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrap());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        long start = System.nanoTime();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(),
                new ByteArraySerializer())) {
            for (int i = 0; i < keys.size(); i++) {
                UUID account = accounts.get(i % accounts.size());
                String messageId = "bench-" + UUID.randomUUID();
                LocalDelivery d = new LocalDelivery(LocalDelivery.deliveryIdOf(messageId, account), messageId,
                        "bench", tenant, account, addresses.get(i % addresses.size()), "s@remote.example",
                        keys.get(i), 1500, Instant.now());
                producer.send(new ProducerRecord<>(Topics.DELIVER_LOCAL, account.toString(), Json.toBytes(d)));
            }
            producer.flush();
        }
        long target = before + keys.size();
        long deadline = System.nanoTime() + Duration.ofMinutes(15).toNanos();
        while (storedCount(infra, tenant) < target) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("deliveries not stored within 15 minutes");
            }
            Thread.sleep(100);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return keys.size() / seconds;
    }

    private static long storedCount(Infrastructure infra, UUID tenant) throws Exception {
        try (Connection c = DriverManager.getConnection(infra.jdbcUrl(), infra.dbUser(), infra.dbPassword());
                PreparedStatement q = c.prepareStatement(
                        "SELECT coalesce(sum(message_count), 0) FROM mailboxes WHERE tenant_id = ?")) {
            q.setObject(1, tenant);
            try (ResultSet r = q.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }

    private record Timing(double medianMs, double p95Ms, double serverAvgMs) {
    }

    @FunctionalInterface
    private interface Call {
        Object run() throws Exception;
    }

    private static Timing timing(int runs, Call call, String method, String uriTemplate) throws Exception {
        for (int i = 0; i < Math.max(5, runs); i++) {
            call.run(); // warm-up: as many untimed calls as timed ones, so the JIT has compiled this path
        }
        double[] server0 = serverSeconds(method, uriTemplate);
        List<Double> times = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            call.run();
            times.add((System.nanoTime() - t0) / 1e6);
        }
        double[] server1 = serverSeconds(method, uriTemplate);
        Collections.sort(times);
        double serverAvg = (server1[1] - server0[1]) * 1000 / Math.max(1, server1[0] - server0[0]);
        return new Timing(times.get(times.size() / 2), times.get((int) Math.ceil(times.size() * 0.95) - 1),
                serverAvg);
    }

    /** {count, sum} of http_server_requests_seconds for one route, from the service's Prometheus endpoint. */
    private static double[] serverSeconds(String method, String uriTemplate) throws Exception {
        String metrics = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/q/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        double count = 0;
        double sum = 0;
        Pattern line = Pattern.compile("^http_server_requests_seconds_(count|sum)\\{(.*)} (\\S+)$",
                Pattern.MULTILINE);
        Matcher m = line.matcher(metrics);
        while (m.find()) {
            String labels = m.group(2);
            if (labels.contains("method=\"" + method + "\"") && labels.contains("uri=\"" + uriTemplate + "\"")) {
                if (m.group(1).equals("count")) {
                    count += Double.parseDouble(m.group(3));
                } else {
                    sum += Double.parseDouble(m.group(3));
                }
            }
        }
        return new double[] {count, sum};
    }

    private static JsonNode get(String path) throws Exception {
        HttpResponse<byte[]> resp = HTTP.send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", "Bearer " + SERVICE).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        if (resp.statusCode() != 200) {
            throw new IllegalStateException(path + " answered " + resp.statusCode());
        }
        return Json.MAPPER.readTree(resp.body());
    }

    private static JsonNode post(String path, String token, Object body) throws Exception {
        HttpResponse<byte[]> resp = HTTP.send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(Json.toBytes(body))).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (resp.statusCode() / 100 != 2) {
            throw new IllegalStateException(path + " answered " + resp.statusCode() + ": "
                    + new String(resp.body(), StandardCharsets.UTF_8));
        }
        return Json.MAPPER.readTree(resp.body());
    }

    static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
