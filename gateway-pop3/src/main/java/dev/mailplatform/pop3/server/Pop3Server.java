/* Mail platform. Licensed under the Apache License 2.0. */
package dev.mailplatform.pop3.server;

import dev.mailplatform.blobstore.BlobStore;
import dev.mailplatform.mailboxclient.MailboxClient;
import dev.mailplatform.pop3.command.CommandRegistry;
import dev.mailplatform.pop3.config.Pop3Config;
import dev.mailplatform.pop3.session.Pop3Metrics;
import dev.mailplatform.pop3.session.SessionServices;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/** Starts the POP3 listeners with the application and stops them with it. */
@ApplicationScoped
public class Pop3Server {
    private static final Logger LOG = Logger.getLogger(Pop3Server.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private final Vertx vertx;
    private final Pop3Config config;
    private final MailboxClient mailbox;
    private final BlobStore blobStore;
    private final Pop3Metrics metrics;

    private WorkerExecutor blobWorkers;
    private String deploymentId;
    private volatile int port = -1;

    public Pop3Server(Vertx vertx, Pop3Config config, MailboxClient mailbox, BlobStore blobStore, Pop3Metrics metrics) {
        this.vertx = vertx;
        this.config = config;
        this.mailbox = mailbox;
        this.blobStore = blobStore;
        this.metrics = metrics;
    }

    void onStart(@Observes StartupEvent event) throws Exception {
        validate(config);
        ListenerConfig listener = new ListenerConfig("pop3", config.host(), config.port(),
                ListenerConfig.Tls.NONE);
        blobWorkers = vertx.createSharedWorkerExecutor("pop3-blob-io", config.blobIoThreads());
        SessionServices services = new SessionServices(vertx, config, mailbox, blobStore, blobWorkers, metrics);
        CommandRegistry registry = new CommandRegistry();
        // with port 0 every instance would bind its own random port, so tests run a single instance
        int instances = listener.port() == 0 ? 1
                : config.eventLoopInstances().orElse(2 * Runtime.getRuntime().availableProcessors());
        deploymentId = vertx.deployVerticle(() -> new Pop3Verticle(listener, services, registry, p -> port = p),
                new DeploymentOptions().setInstances(instances))
                .toCompletionStage().toCompletableFuture().get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        LOG.infof("POP3 listening on %s:%d (%d event loops, plaintext auth %s)", listener.host(), port, instances,
                config.allowPlaintextAuth() ? "allowed" : "refused");
    }

    void onStop(@Observes ShutdownEvent event) {
        try {
            if (deploymentId != null) {
                vertx.undeploy(deploymentId).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            LOG.warn("stopping the POP3 listeners failed", e);
        } finally {
            if (blobWorkers != null) {
                blobWorkers.close();
            }
        }
    }

    /** The bound port, useful when configured as 0; -1 before startup. */
    public int port() {
        return port;
    }

    public boolean isListening() {
        return port > 0;
    }

    private static void validate(Pop3Config config) {
        if (config.maxLineLength() < 8 || config.maxLineLength() > 65536) {
            throw new IllegalArgumentException("mail.pop3.max-line-length must be in 8..65536 (RFC 2449 §4: 255)");
        }
        if (config.idleTimeout().isNegative() || config.idleTimeout().isZero()) {
            throw new IllegalArgumentException("mail.pop3.idle-timeout must be positive (RFC 1939 §3: >= 10m)");
        }
        if (config.idleTimeout().compareTo(Duration.ofMinutes(10)) < 0) {
            LOG.warnf("mail.pop3.idle-timeout %s is below the 10 minutes RFC 1939 §3 requires", config.idleTimeout());
        }
        if (config.auth().maxFailures() < 1) {
            throw new IllegalArgumentException("mail.pop3.auth.max-failures must be >= 1");
        }
        if (config.auth().failureDelay().isNegative()) {
            throw new IllegalArgumentException("mail.pop3.auth.failure-delay must not be negative");
        }
        if (config.retrChunkSize() < 512 || config.retrChunkSize() > 8 * 1024 * 1024) {
            throw new IllegalArgumentException("mail.pop3.retr-chunk-size must be in 512..8388608");
        }
        if (config.writeQueueMaxSize() < 1024) {
            throw new IllegalArgumentException("mail.pop3.write-queue-max-size must be >= 1024");
        }
        if (config.blobIoThreads() < 1) {
            throw new IllegalArgumentException("mail.pop3.blob-io-threads must be >= 1");
        }
    }
}
