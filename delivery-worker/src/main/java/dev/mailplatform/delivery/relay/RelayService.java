package dev.mailplatform.delivery.relay;

import dev.mailplatform.blobstore.BlobStore;
import dev.mailplatform.delivery.config.RelayConfig;
import dev.mailplatform.delivery.dkim.DkimKeys;
import dev.mailplatform.delivery.dns.MxResolver;
import dev.mailplatform.delivery.dsn.DsnService;
import dev.mailplatform.delivery.dsn.ReportingMta;
import dev.mailplatform.delivery.mtasts.MtaStsResolver;
import dev.mailplatform.delivery.smtp.ConnectionPool;
import dev.mailplatform.delivery.smtp.SmtpConnection;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/** Wires the remote relay together at startup and takes it down at shutdown. */
@ApplicationScoped
public class RelayService {
    private static final Logger LOG = Logger.getLogger(RelayService.class);

    private final RelayConfig config;
    private final String bootstrapServers;
    private final RelayProducer producer;
    private final BlobStore blobs;
    private final DkimKeys dkimKeys;
    private final DsnService dsn;
    private final DeliveryMetrics metrics;
    private final ReportingMta reportingMta;
    private ScheduledExecutorService timer;
    private ConnectionPool pool;
    private RelayJournal journal;
    private DomainDispatcher dispatcher;
    private RelayConsumer consumer;

    RelayService(RelayConfig config, @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
            RelayProducer producer, BlobStore blobs, DkimKeys dkimKeys, DsnService dsn, DeliveryMetrics metrics,
            ReportingMta reportingMta) {
        this.config = config;
        this.bootstrapServers = bootstrapServers;
        this.producer = producer;
        this.blobs = blobs;
        this.dkimKeys = dkimKeys;
        this.dsn = dsn;
        this.metrics = metrics;
        this.reportingMta = reportingMta;
    }

    void onStart(@Observes StartupEvent event) throws Exception {
        RetrySchedule schedule = new RetrySchedule(config.retry().schedule(), config.retry().jitter());
        List<String> topics = new ArrayList<>();
        for (int stage = 0; stage <= schedule.stages(); stage++) {
            topics.add(RelayTopics.stageTopic(stage));
        }
        List<TopicPartition> journalPartitions = ensureTopics(topics);

        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "relay-timer");
            t.setDaemon(true);
            return t;
        });
        pool = new ConnectionPool(config.connectionIdleTimeout(), config.maxMessagesPerConnection());
        timer.scheduleAtFixedRate(pool::evictIdle, 5, 5, TimeUnit.SECONDS);
        MxResolver resolver = new MxResolver(config.dnsServers().orElse(List.of()), config.dnsTimeout(),
                metrics::dnsFailure);
        SmtpConnection.Settings settings = new SmtpConnection.Settings(reportingMta.name(), config.starttls(),
                config.connectTimeout(), config.commandTimeout(), config.dataTimeout(), config.maxReplyLineLength(),
                opportunisticTls(), TrustedTls.socketFactory(config.trustedCertificates()));
        MtaStsResolver mtaSts = config.mtaSts().enabled() ? new MtaStsResolver(resolver,
                settings.validatingTlsFactory(), config.mtaSts().httpsPort(), config.mtaSts().timeout()) : null;
        journal = new RelayJournal(bootstrapServers, producer.kafka(), journalPartitions);
        dispatcher = new DomainDispatcher(config.threads(), config.maxConnectionsPerDomain(),
                config.messagesPerMinutePerDomain(), timer);
        RemoteRelay relay = new RemoteRelay(config, resolver, pool, settings, blobs, dkimKeys, metrics,
                mtaSts);
        RelayOutcomes outcomes = new RelayOutcomes(config, schedule, journal, producer, dsn, metrics);
        consumer = new RelayConsumer(bootstrapServers, config, topics, dispatcher, relay, outcomes, journal, metrics);
        LOG.infof("remote relay started: %d retry stages %s, expiry %s, SMTP port %d, DNS %s", schedule.stages(),
                config.retry().schedule(), config.retry().expiry(), config.smtpPort(),
                config.dnsServers().map(Object::toString).orElse("system"));
    }

    void onStop(@Observes ShutdownEvent event) {
        if (consumer != null) {
            consumer.close();
        }
        if (dispatcher != null) {
            dispatcher.close();
        }
        if (journal != null) {
            journal.close();
        }
        if (pool != null) {
            pool.close();
        }
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    public boolean isHealthy() {
        return consumer != null && consumer.isHealthy();
    }

    /** Creates the relay topics if missing; the journal is compacted and kept a day longer than the expiry. */
    private List<TopicPartition> ensureTopics(List<String> stageTopics) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (String t : stageTopics) {
                if (!existing.contains(t)) {
                    missing.add(new NewTopic(t, Optional.empty(), Optional.empty()));
                }
            }
            if (!existing.contains(RelayTopics.JOURNAL)) {
                long retention = config.retry().expiry().plus(Duration.ofDays(1)).toMillis();
                missing.add(new NewTopic(RelayTopics.JOURNAL, Optional.empty(), Optional.empty()).configs(Map.of(
                        TopicConfig.CLEANUP_POLICY_CONFIG, "compact,delete",
                        TopicConfig.RETENTION_MS_CONFIG, Long.toString(retention))));
            }
            for (NewTopic t : missing) {
                try {
                    admin.createTopics(List.of(t)).all().get(30, TimeUnit.SECONDS);
                    LOG.infof("created topic %s", t.name());
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
            int partitions = journalPartitions(admin);
            List<TopicPartition> out = new ArrayList<>();
            for (int i = 0; i < partitions; i++) {
                out.add(new TopicPartition(RelayTopics.JOURNAL, i));
            }
            return out;
        }
    }

    /** A topic just created may not be in the metadata yet: ask again for a while. */
    private static int journalPartitions(Admin admin) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try {
                return admin.describeTopics(List.of(RelayTopics.JOURNAL)).allTopicNames().get(30, TimeUnit.SECONDS)
                        .get(RelayTopics.JOURNAL).partitions().size();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof org.apache.kafka.common.errors.UnknownTopicOrPartitionException)
                        || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(200);
            }
        }
    }

    /**
     * RFC 7435 opportunistic security: encrypt with any certificate rather than send in clear text (MX certificates
     * are rarely valid for the MX name). Authenticated TLS is what MTA-STS would add.
     */
    private static SSLSocketFactory opportunisticTls() {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[] {new X509TrustManager() {
                @Override
                public void checkClientTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public void checkServerTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public X509Certificate[] getAcceptedIssuers() {
                    return new X509Certificate[0];
                }
            }}, new SecureRandom());
            return ctx.getSocketFactory();
        } catch (Exception e) {
            throw new IllegalStateException("no TLS", e);
        }
    }
}
