/* Mail platform. Licensed under the Apache License 2.0. */
package dev.mailplatform.smtp.server;

import dev.mailplatform.smtp.config.ListenerSpec;
import dev.mailplatform.tls.ServerTls;
import dev.mailplatform.tls.TlsSettings;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import java.time.Duration;
import java.util.function.BiConsumer;

/**
 * One instance of a listener, bound to its own event loop. Deploying several instances on the same port makes
 * Vert.x share the socket and spread connections over the instances' event loops. Every listener has the
 * certificate: implicit TLS starts the handshake at connect, the others upgrade on STARTTLS.
 */
final class ListenerVerticle extends AbstractVerticle {
    private final ListenerSpec listener;
    private final TlsSettings tls;
    private final Duration reloadInterval;
    private final BiConsumer<ListenerSpec, NetSocket> onConnect;
    private final Handler<Integer> onBound;
    private long reloadTimer = -1;

    ListenerVerticle(ListenerSpec listener, TlsSettings tls, Duration reloadInterval,
            BiConsumer<ListenerSpec, NetSocket> onConnect, Handler<Integer> onBound) {
        this.listener = listener;
        this.tls = tls;
        this.reloadInterval = reloadInterval;
        this.onConnect = onConnect;
        this.onBound = onBound;
    }

    @Override
    public void start(Promise<Void> started) {
        NetServerOptions options = new NetServerOptions()
                .setHost(listener.host())
                .setPort(listener.port())
                .setTcpNoDelay(true);
        ServerTls.configure(options, tls, listener.implicitTls());
        NetServer server = vertx.createNetServer(options).connectHandler(socket -> onConnect.accept(listener, socket));
        server.listen().onSuccess(s -> {
            onBound.handle(s.actualPort());
            reloadTimer = ServerTls.reloadOnChange(vertx, server, tls, reloadInterval);
            started.complete();
        }).onFailure(started::fail);
    }

    @Override
    public void stop() {
        if (reloadTimer >= 0) {
            vertx.cancelTimer(reloadTimer);
        }
    }
}
