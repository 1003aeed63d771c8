package dev.mailplatform.imap.server;

import dev.mailplatform.blobstore.BlobStore;
import dev.mailplatform.imap.command.CommandRegistry;
import dev.mailplatform.imap.config.ImapConfig;
import dev.mailplatform.imap.config.ImapConfigValidator;
import dev.mailplatform.imap.config.ImapListener;
import dev.mailplatform.imap.session.ImapMetrics;
import dev.mailplatform.imap.session.SessionServices;
import dev.mailplatform.mailboxclient.MailboxClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/** Starts the IMAP listener with the application and stops it with it. */
@ApplicationScoped
public class ImapServer {
    private static final Logger LOG = Logger.getLogger(ImapServer.class);

    @Inject
    Vertx vertx;
    @Inject
    ImapConfig config;
    @Inject
    MeterRegistry registry;
    @Inject
    MailboxClient mailboxClient;
    @Inject
    BlobStore blobStore;

    private volatile int port = -1;
    private String deploymentId;
    private WorkerExecutor blobExecutor;

    void onStart(@Observes StartupEvent event) throws Exception {
        ImapConfigValidator.validate(config);
        ImapListener listener = ImapListener.plain(config);
        blobExecutor = vertx.createSharedWorkerExecutor("imap-blob-io", config.blobIoThreads());
        SessionServices services = new SessionServices(config, mailboxClient, blobStore, blobExecutor,
                new ImapMetrics(registry), CommandRegistry.standard());
        // with port 0 every instance would get its own random port; one instance keeps a single address
        int instances = config.port() == 0 ? 1
                : config.instances() > 0 ? config.instances() : Runtime.getRuntime().availableProcessors();
        deploymentId = vertx.deployVerticle(() -> new ImapVerticle(listener, services, p -> port = p),
                        new DeploymentOptions().setInstances(instances))
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        LOG.infof("IMAP listener %s on %s:%d (%d event loops, TLS %s)", listener.name(), listener.host(), port,
                instances, listener.security());
    }

    void onStop(@Observes ShutdownEvent event) {
        try {
            if (deploymentId != null) {
                vertx.undeploy(deploymentId).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            LOG.warn("stopping the IMAP listener failed", e);
        } finally {
            port = -1;
            if (blobExecutor != null) {
                blobExecutor.close();
            }
        }
    }

    /** The bound port, or -1 when not listening. */
    public int port() {
        return port;
    }
}
