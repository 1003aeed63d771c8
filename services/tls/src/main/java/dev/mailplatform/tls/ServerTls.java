package dev.mailplatform.tls;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.SSLOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Objects;
import org.jboss.logging.Logger;

/**
 * TLS for the protocol listeners: implicit TLS (IMAPS, POP3S, submissions) or STARTTLS/STLS upgrades on a plain
 * listener, both from the same PEM certificate, which is reloaded without a restart when the files change.
 */
public final class ServerTls {
    private static final Logger LOG = Logger.getLogger(ServerTls.class);

    private ServerTls() {
    }

    /**
     * Configures the listener's certificate. With {@code implicit} the handshake starts at connect; otherwise the
     * socket stays plain until the session calls {@code NetSocket.upgradeToSsl()} (STARTTLS).
     */
    public static NetServerOptions configure(NetServerOptions options, TlsSettings settings, boolean implicit) {
        options.setSsl(implicit);
        options.setKeyCertOptions(keyCert(settings));
        options.setEnabledSecureTransportProtocols(settings.protocols());
        options.setSslHandshakeTimeout(30);
        return options;
    }

    private static PemKeyCertOptions keyCert(TlsSettings settings) {
        return new PemKeyCertOptions().setCertPath(settings.certificate().toString())
                .setKeyPath(settings.privateKey().toString());
    }

    /**
     * Checks the certificate files every {@code interval} and hands a changed pair to the running server (for
     * certificates renewed by an ACME client or a Kubernetes secret update). Returns the timer id.
     */
    public static long reloadOnChange(Vertx vertx, NetServer server, TlsSettings settings, Duration interval) {
        final FileTime[] seen = {modified(settings)};
        return vertx.setPeriodic(interval.toMillis(), id -> vertx.<FileTime>executeBlocking(() -> modified(settings))
                .onSuccess(now -> {
                    if (now != null && !Objects.equals(now, seen[0])) {
                        seen[0] = now;
                        reload(server, settings).onComplete(done -> {
                            if (done.succeeded()) {
                                LOG.infof("reloaded TLS certificate %s", settings.certificate());
                            } else {
                                LOG.errorf(done.cause(), "TLS certificate %s changed but cannot be loaded; "
                                        + "keeping the previous one", settings.certificate());
                            }
                        });
                    }
                }));
    }

    public static Future<Boolean> reload(NetServer server, TlsSettings settings) {
        SSLOptions ssl = new SSLOptions().setKeyCertOptions(keyCert(settings))
                .setEnabledSecureTransportProtocols(settings.protocols());
        return server.updateSSLOptions(ssl);
    }

    private static FileTime modified(TlsSettings settings) {
        try {
            FileTime cert = Files.getLastModifiedTime(settings.certificate());
            FileTime key = Files.getLastModifiedTime(settings.privateKey());
            return cert.compareTo(key) >= 0 ? cert : key;
        } catch (IOException e) {
            return null;
        }
    }
}
