/* Mail platform. Licensed under the Apache License 2.0. */
package dev.mailplatform.smtp.server;

import dev.mailplatform.smtp.config.ListenerSpec;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import java.util.function.BiConsumer;

/**
 * One instance of a listener, bound to its own event loop. Deploying several instances on the same port makes
 * Vert.x share the socket and spread connections over the instances' event loops.
 */
final class ListenerVerticle extends AbstractVerticle {
    private final ListenerSpec listener;
    private final BiConsumer<ListenerSpec, NetSocket> onConnect;
    private final Handler<Integer> onBound;

    ListenerVerticle(ListenerSpec listener, BiConsumer<ListenerSpec, NetSocket> onConnect, Handler<Integer> onBound) {
        this.listener = listener;
        this.onConnect = onConnect;
        this.onBound = onBound;
    }

    @Override
    public void start(Promise<Void> started) {
        NetServerOptions options = new NetServerOptions()
                .setHost(listener.host())
                .setPort(listener.port())
                .setTcpNoDelay(true);
        NetServer server = vertx.createNetServer(options).connectHandler(socket -> onConnect.accept(listener, socket));
        server.listen().onSuccess(s -> {
            onBound.handle(s.actualPort());
            started.complete();
        }).onFailure(started::fail);
    }
}
