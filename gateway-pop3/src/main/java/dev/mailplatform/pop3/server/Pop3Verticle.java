/* Mail platform. Licensed under the Apache License 2.0. */
package dev.mailplatform.pop3.server;

import dev.mailplatform.pop3.command.CommandRegistry;
import dev.mailplatform.pop3.session.Pop3Session;
import dev.mailplatform.pop3.session.SessionServices;
import dev.mailplatform.tls.ServerTls;
import dev.mailplatform.tls.TlsSettings;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Promise;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import java.time.Duration;
import java.util.function.IntConsumer;

/**
 * One event loop's share of a listener. Vert.x spreads the connections of servers bound to the same host and port
 * across the verticle instances, so deploying several instances uses several cores. Both listeners carry the
 * certificate: the implicit one handshakes at connect, the plain one when a session runs STLS.
 */
final class Pop3Verticle extends AbstractVerticle {
    private final ListenerConfig listener;
    private final TlsSettings tls;
    private final Duration tlsReloadInterval;
    private final SessionServices services;
    private final CommandRegistry registry;
    private final IntConsumer boundPort;
    private NetServer server;
    private long reloadTimer = -1;

    Pop3Verticle(ListenerConfig listener, TlsSettings tls, Duration tlsReloadInterval, SessionServices services,
            CommandRegistry registry, IntConsumer boundPort) {
        this.listener = listener;
        this.tls = tls;
        this.tlsReloadInterval = tlsReloadInterval;
        this.services = services;
        this.registry = registry;
        this.boundPort = boundPort;
    }

    @Override
    public void start(Promise<Void> startPromise) {
        boolean implicit = listener.tls() == ListenerConfig.Tls.IMPLICIT;
        NetServerOptions options = ServerTls.configure(new NetServerOptions().setHost(listener.host())
                .setPort(listener.port()).setTcpNoDelay(true), tls, implicit);
        server = vertx.createNetServer(options);
        server.connectHandler(socket -> new Pop3Session(socket, services, registry, implicit).start());
        server.listen().onSuccess(s -> {
            boundPort.accept(s.actualPort());
            reloadTimer = ServerTls.reloadOnChange(vertx, server, tls, tlsReloadInterval);
            startPromise.complete();
        }).onFailure(startPromise::fail);
    }

    @Override
    public void stop(Promise<Void> stopPromise) {
        if (reloadTimer >= 0) {
            vertx.cancelTimer(reloadTimer);
        }
        if (server == null) {
            stopPromise.complete();
        } else {
            server.close().onComplete(ar -> stopPromise.complete());
        }
    }
}
