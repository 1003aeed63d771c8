package dev.mailplatform.imap.server;

import dev.mailplatform.blobstore.BlobCache;
import dev.mailplatform.blobstore.BlobStore;
import dev.mailplatform.imap.command.CommandRegistry;
import dev.mailplatform.imap.config.ImapConfig;
import dev.mailplatform.imap.config.ImapConfigValidator;
import dev.mailplatform.imap.config.ImapListener;
import dev.mailplatform.imap.session.ImapMetrics;
import dev.mailplatform.imap.session.MailboxEventHub;
import dev.mailplatform.imap.session.SessionServices;
import dev.mailplatform.mailboxclient.MailboxClient;
import dev.mailplatform.tls.TlsSettings;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * One gateway node: the IMAP (STARTTLS) and IMAPS listeners, the blob worker pool and the mailbox event consumer.
 * The Quarkus application runs one; tests start a second one in the same JVM to prove that pushes cross nodes, since
 * nothing but Kafka connects two nodes.
 */
public final class ImapNode implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ImapNode.class);

    private final Vertx vertx;
    private final ImapConfig config;
    private final MailboxEventHub events;
    private final WorkerExecutor blobExecutor;
    private final SessionServices services;
    private final TlsSettings tls;
    private final List<String> deployments = new ArrayList<>();
    private volatile int port = -1;
    private volatile int tlsPort = -1;

    public ImapNode(Vertx vertx, ImapConfig config, MailboxClient mailboxClient, BlobStore blobStore,
            MeterRegistry registry, String kafkaBootstrap, TlsSettings tls, String nodeName) {
        ImapConfigValidator.validate(config);
        this.vertx = vertx;
        this.config = config;
        this.tls = tls;
        this.events = new MailboxEventHub(kafkaBootstrap, nodeName);
        this.blobExecutor = vertx.createSharedWorkerExecutor("imap-blob-io-" + nodeName, config.blobIoThreads());
        BlobCache blobCache = new BlobCache(blobStore, config.blobCacheBytes(), config.blobCacheMaxEntryBytes());
        ImapMetrics metrics = new ImapMetrics(registry);
        metrics.blobCache(blobCache);
        this.services = new SessionServices(config, mailboxClient, blobStore, blobCache, blobExecutor, metrics,
                CommandRegistry.standard(), events);
    }

    public ImapNode start() throws Exception {
        events.start();
        port = deploy(ImapListener.plain(config));
        if (config.tlsPort() >= 0 && tls != null) {
            tlsPort = deploy(ImapListener.implicitTls(config));
        }
        return this;
    }

    private int deploy(ImapListener listener) throws Exception {
        // with port 0 every instance would get its own random port; one instance keeps a single address
        int instances = listener.port() == 0 ? 1
                : config.instances() > 0 ? config.instances() : Runtime.getRuntime().availableProcessors();
        int[] bound = {-1};
        String id = vertx.deployVerticle(() -> new ImapVerticle(listener, services, tls, p -> bound[0] = p),
                        new DeploymentOptions().setInstances(instances))
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        deployments.add(id);
        LOG.infof("IMAP listener %s on %s:%d (%d event loops, %s)", listener.name(), listener.host(), bound[0],
                instances, listener.security());
        return bound[0];
    }

    public int port() {
        return port;
    }

    public int tlsPort() {
        return tlsPort;
    }

    public MailboxEventHub events() {
        return events;
    }

    @Override
    public void close() {
        port = -1;
        tlsPort = -1;
        for (String id : deployments) {
            try {
                vertx.undeploy(id).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.warn("stopping an IMAP listener failed", e);
            }
        }
        deployments.clear();
        events.close();
        blobExecutor.close();
    }
}
