/* Mail platform. Licensed under the Apache License 2.0. */
package dev.mailplatform.pop3.server;

import dev.mailplatform.pop3.command.CommandRegistry;
import dev.mailplatform.pop3.session.Pop3Session;
import dev.mailplatform.pop3.session.SessionServices;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Promise;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import java.util.function.IntConsumer;

/**
 * One event loop's share of a listener. Vert.x spreads the connections of servers bound to the same host and port
 * across the verticle instances, so deploying several instances uses several cores.
 */
final class Pop3Verticle extends AbstractVerticle {
    private final ListenerConfig listener;
    private final SessionServices services;
    private final CommandRegistry registry;
    private final IntConsumer boundPort;
    private NetServer server;

    Pop3Verticle(ListenerConfig listener, SessionServices services, CommandRegistry registry, IntConsumer boundPort) {
        this.listener = listener;
        this.services = services;
        this.registry = registry;
        this.boundPort = boundPort;
    }

    @Override
    public void start(Promise<Void> startPromise) {
        NetServerOptions options = new NetServerOptions().setHost(listener.host()).setPort(listener.port())
                .setTcpNoDelay(true);
        server = vertx.createNetServer(options);
        server.connectHandler(socket -> new Pop3Session(socket, services, registry, false).start());
        server.listen().onSuccess(s -> {
            boundPort.accept(s.actualPort());
            startPromise.complete();
        }).onFailure(startPromise::fail);
    }

    @Override
    public void stop(Promise<Void> stopPromise) {
        if (server == null) {
            stopPromise.complete();
        } else {
            server.close().onComplete(ar -> stopPromise.complete());
        }
    }
}
