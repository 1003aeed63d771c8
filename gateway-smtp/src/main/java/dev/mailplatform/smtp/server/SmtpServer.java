/* Mail platform. Licensed under the Apache License 2.0. */
package dev.mailplatform.smtp.server;

import dev.mailplatform.blobstore.BlobStore;
import dev.mailplatform.mailboxclient.MailboxClient;
import dev.mailplatform.smtp.command.CommandRegistry;
import dev.mailplatform.smtp.config.ListenerSpec;
import dev.mailplatform.smtp.config.SmtpConfig;
import dev.mailplatform.smtp.config.SmtpConfigValidator;
import dev.mailplatform.smtp.config.TlsConfig;
import dev.mailplatform.smtp.directory.RecipientDirectory;
import dev.mailplatform.smtp.inbound.DnsTxt;
import dev.mailplatform.smtp.inbound.InboundAuthenticator;
import dev.mailplatform.smtp.session.AuthFailureTracker;
import dev.mailplatform.tls.TlsSettings;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import dev.mailplatform.smtp.protocol.SmtpReplies;
import dev.mailplatform.smtp.protocol.SmtpReply;
import dev.mailplatform.smtp.session.ConnectionLimiter;
import dev.mailplatform.smtp.session.SessionServices;
import dev.mailplatform.smtp.session.SmtpSession;
import dev.mailplatform.smtp.spool.MessageAcceptor;
import dev.mailplatform.smtp.spool.Spool;
import dev.mailplatform.smtp.spool.SpoolArea;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/** Starts one Vert.x NetServer per configured listener (MX, submission, submissions) and stops them on shutdown. */
@ApplicationScoped
public class SmtpServer {
    private static final Logger LOG = Logger.getLogger(SmtpServer.class);

    private final Vertx vertx;
    private final SmtpConfig config;
    private final MailboxClient mailboxClient;
    private final MessageAcceptor acceptor;
    private final SmtpMetrics metrics;
    private final BlobStore blobStore;
    private final TlsConfig tlsConfig;
    private final CommandRegistry registry = new CommandRegistry();
    private final Map<String, Integer> boundPorts = new ConcurrentHashMap<>();
    private final List<String> deployments = new ArrayList<>();
    private ConnectionLimiter limiter;
    private SessionServices services;
    private TlsSettings tls;

    public SmtpServer(Vertx vertx, SmtpConfig config, MailboxClient mailboxClient, MessageAcceptor acceptor,
            SmtpMetrics metrics, BlobStore blobStore, TlsConfig tlsConfig) {
        this.vertx = vertx;
        this.config = config;
        this.mailboxClient = mailboxClient;
        this.acceptor = acceptor;
        this.metrics = metrics;
        this.blobStore = blobStore;
        this.tlsConfig = tlsConfig;
    }

    void onStart(@Observes StartupEvent event) throws Exception {
        SmtpConfigValidator.validate(config);
        ensureBucket();
        limiter = new ConnectionLimiter(config.maxConnections(), config.maxConnectionsPerIp());
        String hostname = hostname();
        tls = TlsSettings.configuredOrSelfSigned(tlsConfig.certPath().orElse(null),
                tlsConfig.keyPath().orElse(null), Path.of(tlsConfig.selfSignedDir()),
                List.of(hostname, "localhost", "127.0.0.1"));
        AuthFailureTracker authFailures = new AuthFailureTracker(config.auth().maxFailuresPerIp(),
                config.auth().failureWindow(), config.auth().lockout(), Clock.systemUTC());
        InboundAuthenticator inboundAuth = new InboundAuthenticator(new DnsTxt(
                DnsTxt.resolver(config.dnsServers().orElse(List.of()), config.dnsTimeout())));
        String spoolDirectory = config.spoolDirectory().orElse(System.getProperty("java.io.tmpdir"));
        int orphans = Spool.sweepOrphans(Path.of(spoolDirectory), Duration.ofHours(1));
        if (orphans > 0) {
            LOG.infof("removed %d spool files older than an hour from %s (left by a stopped process)", orphans,
                    spoolDirectory);
        }
        RecipientDirectory recipients = new RecipientDirectory(mailboxClient::resolveRecipient,
                config.recipientCacheTtl(), config.recipientCacheSize());
        SpoolArea spoolArea = new SpoolArea(spoolDirectory, config.spoolMemoryBytes(), config.spoolMemoryTotalBytes());
        services = new SessionServices(vertx, config, hostname, spoolArea, mailboxClient, recipients, acceptor,
                metrics, authFailures, inboundAuth);
        for (ListenerSpec listener : listeners()) {
            start(listener);
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        for (String deployment : deployments) {
            try {
                vertx.undeploy(deployment).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.warn("closing an SMTP listener failed", e);
            }
        }
        deployments.clear();
        boundPorts.clear();
    }

    /** The bound port of a listener (useful when configured with port 0), or -1 if it is not running. */
    public int port(String listenerName) {
        return boundPorts.getOrDefault(listenerName, -1);
    }

    public boolean isListening() {
        return !boundPorts.isEmpty();
    }

    /** The certificate the listeners present (tests trust it). */
    public TlsSettings tlsSettings() {
        return tls;
    }

    public int activeSessions() {
        return limiter == null ? 0 : limiter.active();
    }

    private List<ListenerSpec> listeners() {
        List<ListenerSpec> listeners = new ArrayList<>();
        if (config.mx().enabled()) {
            listeners.add(ListenerSpec.mx(config.mx()));
        }
        if (config.submission().enabled()) {
            listeners.add(ListenerSpec.submission(config.submission()));
        }
        if (config.submissions().enabled()) {
            listeners.add(ListenerSpec.submissions(config.submissions()));
        }
        return listeners;
    }

    private void start(ListenerSpec listener) throws Exception {
        // a random port (0) cannot be shared by several instances: each would bind its own
        int instances = listener.port() == 0 ? 1 : config.listenerInstances()
                .orElse(Runtime.getRuntime().availableProcessors());
        String deployment = vertx.deployVerticle(
                        () -> new ListenerVerticle(listener, tls, tlsConfig.reloadInterval(), this::connected,
                                port -> boundPorts.put(listener.name(), port)),
                        new DeploymentOptions().setInstances(instances))
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        deployments.add(deployment);
        LOG.infof("SMTP listener %s on %s:%d (%d event loops)", listener.name(), listener.host(),
                port(listener.name()), instances);
    }

    private void connected(ListenerSpec listener, NetSocket socket) {
        String ip = socket.remoteAddress() == null ? "unknown" : socket.remoteAddress().hostAddress();
        if (!limiter.tryAcquire(ip)) {
            metrics.session(listener.name(), "rejected");
            LOG.infof("SMTP %s refused connection from %s: connection limit", listener.name(), ip);
            socket.write(Buffer.buffer(SmtpReply.of(SmtpReplies.C421_SERVICE_NOT_AVAILABLE, SmtpReplies.E4_7_0,
                    services.hostname() + " Too many connections, try again later").toBytes()));
            socket.close();
            return;
        }
        if (listener.authRequired() && services.authFailures().isLockedOut(ip)) {
            // an address locked out for guessing passwords gets nothing to guess with
            metrics.session(listener.name(), "locked_out");
            socket.write(Buffer.buffer(SmtpReply.of(SmtpReplies.C421_SERVICE_NOT_AVAILABLE, SmtpReplies.E4_7_0,
                    services.hostname() + " Too many authentication failures, try again later").toBytes()));
            socket.close();
            limiter.release(ip);
            return;
        }
        metrics.session(listener.name(), "accepted");
        new SmtpSession(socket, listener, services, registry, () -> limiter.release(ip)).start();
    }

    private void ensureBucket() {
        try {
            blobStore.ensureBucket();
        } catch (RuntimeException e) {
            // S3 may come up after us; DATA answers 451 until it does, which senders retry
            LOG.warnf("S3 bucket check failed at startup: %s", e.getMessage());
        }
    }

    private String hostname() {
        return config.hostname().orElseGet(() -> {
            try {
                return InetAddress.getLocalHost().getCanonicalHostName();
            } catch (Exception e) {
                return "localhost";
            }
        });
    }
}
