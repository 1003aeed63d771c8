package dev.mailplatform.imap.server;

import dev.mailplatform.blobstore.BlobStore;
import dev.mailplatform.imap.config.ImapConfig;
import dev.mailplatform.mailboxclient.MailboxClient;
import dev.mailplatform.tls.TlsSettings;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Starts this process's IMAP node with the application and stops it with it. */
@ApplicationScoped
public class ImapServer {
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
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String kafkaBootstrap;
    @ConfigProperty(name = "mail.tls.cert-path")
    Optional<String> certPath;
    @ConfigProperty(name = "mail.tls.key-path")
    Optional<String> keyPath;
    @ConfigProperty(name = "mail.tls.self-signed-dir", defaultValue = "${java.io.tmpdir}/mail-platform-tls")
    String selfSignedDir;

    private volatile ImapNode node;

    void onStart(@Observes StartupEvent event) throws Exception {
        TlsSettings tls = TlsSettings.configuredOrSelfSigned(certPath.orElse(""), keyPath.orElse(""),
                Path.of(selfSignedDir), List.of("localhost", "127.0.0.1"));
        node = new ImapNode(vertx, config, mailboxClient, blobStore, registry, kafkaBootstrap, tls, "main").start();
    }

    void onStop(@Observes ShutdownEvent event) {
        ImapNode running = node;
        node = null;
        if (running != null) {
            running.close();
        }
    }

    /** The bound IMAP port, or -1 when not listening. */
    public int port() {
        ImapNode n = node;
        return n == null ? -1 : n.port();
    }

    /** The bound IMAPS port, or -1 when not listening. */
    public int tlsPort() {
        ImapNode n = node;
        return n == null ? -1 : n.tlsPort();
    }

    public ImapNode node() {
        return node;
    }
}
