package dev.mailplatform.imap.server;

import dev.mailplatform.imap.config.ImapListener;
import dev.mailplatform.imap.session.ImapSession;
import dev.mailplatform.imap.session.SessionServices;
import dev.mailplatform.tls.ServerTls;
import dev.mailplatform.tls.TlsSettings;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Promise;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import java.time.Duration;
import java.util.function.IntConsumer;

/** One event loop's share of a listener: Vert.x spreads connections over all deployed instances. */
final class ImapVerticle extends AbstractVerticle {
    private final ImapListener listener;
    private final SessionServices services;
    private final TlsSettings tls;
    private final IntConsumer boundPort;
    private NetServer server;
    private long reloadTimer = -1;

    ImapVerticle(ImapListener listener, SessionServices services, TlsSettings tls, IntConsumer boundPort) {
        this.listener = listener;
        this.services = services;
        this.tls = tls;
        this.boundPort = boundPort;
    }

    @Override
    public void start(Promise<Void> startPromise) {
        NetServerOptions options = new NetServerOptions().setTcpNoDelay(true).setTcpKeepAlive(true);
        if (tls != null && listener.security() != ImapListener.Security.NONE) {
            ServerTls.configure(options, tls, listener.security() == ImapListener.Security.IMPLICIT_TLS);
        }
        ImapListener effective = tls == null && listener.security() == ImapListener.Security.STARTTLS
                ? new ImapListener(listener.name(), listener.host(), listener.port(), ImapListener.Security.NONE)
                : listener;
        server = vertx.createNetServer(options)
                .connectHandler(socket -> new ImapSession(vertx, socket, services, effective).start());
        server.listen(listener.port(), listener.host())
                .onSuccess(s -> {
                    if (tls != null) {
                        // renewed certificates (ACME, Kubernetes secrets) are picked up without a restart
                        reloadTimer = ServerTls.reloadOnChange(vertx, s, tls, Duration.ofMinutes(1));
                    }
                    boundPort.accept(s.actualPort());
                    startPromise.complete();
                })
                .onFailure(startPromise::fail);
    }

    @Override
    public void stop(Promise<Void> stopPromise) {
        if (reloadTimer != -1) {
            vertx.cancelTimer(reloadTimer);
        }
        if (server == null) {
            stopPromise.complete();
            return;
        }
        server.close().onComplete(ar -> stopPromise.complete());
    }
}
