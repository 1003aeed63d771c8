/* Mail platform. Licensed under the Apache License 2.0. */
package dev.mailplatform.pop3.server;

import dev.mailplatform.blobstore.BlobCache;
import dev.mailplatform.blobstore.BlobStore;
import dev.mailplatform.mailboxclient.MailboxClient;
import dev.mailplatform.pop3.command.CommandRegistry;
import dev.mailplatform.pop3.config.Pop3Config;
import dev.mailplatform.pop3.config.TlsConfig;
import dev.mailplatform.pop3.session.AuthLockout;
import dev.mailplatform.pop3.session.LoginDelays;
import dev.mailplatform.pop3.session.Pop3Metrics;
import dev.mailplatform.pop3.session.SessionServices;
import dev.mailplatform.tls.TlsSettings;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
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
    private final TlsConfig tlsConfig;

    private WorkerExecutor blobWorkers;
    private final List<String> deploymentIds = new ArrayList<>();
    private volatile int port = -1;
    private volatile int tlsPort = -1;
    private volatile TlsSettings tls;

    public Pop3Server(Vertx vertx, Pop3Config config, TlsConfig tlsConfig, MailboxClient mailbox, BlobStore blobStore,
            Pop3Metrics metrics) {
        this.vertx = vertx;
        this.config = config;
        this.tlsConfig = tlsConfig;
        this.mailbox = mailbox;
        this.blobStore = blobStore;
        this.metrics = metrics;
    }

    void onStart(@Observes StartupEvent event) throws Exception {
        validate(config);
        // blocking file I/O (and key generation the first time), fine on the startup thread
        tls = TlsSettings.configuredOrSelfSigned(tlsConfig.certPath().orElse(null), tlsConfig.keyPath().orElse(null),
                Path.of(tlsConfig.selfSignedDir()), tlsConfig.selfSignedHostnames());
        blobWorkers = vertx.createSharedWorkerExecutor("pop3-blob-io", config.blobIoThreads());
        BlobCache blobCache = new BlobCache(blobStore, config.blobCacheBytes(), config.blobCacheMaxEntryBytes());
        metrics.blobCache(blobCache);
        SessionServices services = new SessionServices(vertx, config, mailbox, blobStore, blobCache, blobWorkers,
                metrics,
                UUID.randomUUID().toString(), new LoginDelays(config.loginDelay(), System::nanoTime),
                new AuthLockout(config.auth().lockoutFailures(), config.auth().lockoutDuration(), System::nanoTime));
        CommandRegistry registry = new CommandRegistry();
        deploy(new ListenerConfig("pop3", config.host(), config.port(), ListenerConfig.Tls.STARTTLS), services,
                registry, p -> port = p);
        deploy(new ListenerConfig("pop3s", config.host(), config.tlsPort(), ListenerConfig.Tls.IMPLICIT), services,
                registry, p -> tlsPort = p);
        LOG.infof("POP3 listening on %s:%d (STLS) and %d (TLS), certificate %s, cleartext auth: %s", config.host(),
                port, tlsPort, tls.certificate(), config.plaintextAuth());
    }

    private void deploy(ListenerConfig listener, SessionServices services, CommandRegistry registry,
            IntConsumer boundPort) throws Exception {
        // with port 0 every instance would bind its own random port, so tests run a single instance
        int instances = listener.port() == 0 ? 1
                : config.eventLoopInstances().orElse(2 * Runtime.getRuntime().availableProcessors());
        deploymentIds.add(vertx.deployVerticle(() -> new Pop3Verticle(listener, tls, tlsConfig.reloadInterval(),
                services, registry, boundPort), new DeploymentOptions().setInstances(instances))
                .toCompletionStage().toCompletableFuture().get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS));
    }

    void onStop(@Observes ShutdownEvent event) {
        try {
            for (String deploymentId : deploymentIds) {
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

    /** The bound implicit-TLS port; -1 before startup. */
    public int tlsPort() {
        return tlsPort;
    }

    /** The certificate the listeners present (tests trust it; operators see it in the startup log). */
    public Path certificate() {
        return tls == null ? null : tls.certificate();
    }

    public boolean isListening() {
        return port > 0 && tlsPort > 0;
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
        if (config.maxAuthLineLength() < config.maxLineLength() || config.maxAuthLineLength() > 65536) {
            throw new IllegalArgumentException("mail.pop3.max-auth-line-length must be in max-line-length..65536 "
                    + "(RFC 5034 §4)");
        }
        if (config.loginDelay().isNegative()) {
            throw new IllegalArgumentException("mail.pop3.login-delay must not be negative (RFC 2449 §6.8)");
        }
        if (!config.expire().equals("NEVER") && !config.expire().matches("[0-9]{1,5}")) {
            throw new IllegalArgumentException("mail.pop3.expire must be NEVER or a number of days (RFC 2449 §6.7)");
        }
        if (config.lease().ttl().toSeconds() < 2 || config.lease().renewEvery().isNegative()
                || config.lease().renewEvery().isZero()
                || config.lease().renewEvery().compareTo(config.lease().ttl().dividedBy(2)) > 0) {
            throw new IllegalArgumentException("mail.pop3.lease.renew-every must be positive and at most half of "
                    + "mail.pop3.lease.ttl (>= 2s), or a live session could lose its maildrop lock");
        }
        if (config.auth().lockoutFailures() < 1) {
            throw new IllegalArgumentException("mail.pop3.auth.lockout-failures must be >= 1");
        }
        if (config.blobIoThreads() < 1) {
            throw new IllegalArgumentException("mail.pop3.blob-io-threads must be >= 1");
        }
    }
}
