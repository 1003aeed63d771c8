package dev.mailplatform.imap.server;

import dev.mailplatform.imap.config.ImapListener;
import dev.mailplatform.imap.session.ImapSession;
import dev.mailplatform.imap.session.SessionServices;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Promise;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import java.util.function.IntConsumer;

/** One event loop's share of a listener: Vert.x spreads connections over all deployed instances. */
final class ImapVerticle extends AbstractVerticle {
    private final ImapListener listener;
    private final SessionServices services;
    private final IntConsumer boundPort;
    private NetServer server;

    ImapVerticle(ImapListener listener, SessionServices services, IntConsumer boundPort) {
        this.listener = listener;
        this.services = services;
        this.boundPort = boundPort;
    }

    @Override
    public void start(Promise<Void> startPromise) {
        NetServerOptions options = new NetServerOptions().setTcpNoDelay(true).setTcpKeepAlive(true);
        server = vertx.createNetServer(options)
                .connectHandler(socket -> new ImapSession(vertx, socket, services, listener).start());
        server.listen(listener.port(), listener.host())
                .onSuccess(s -> {
                    boundPort.accept(s.actualPort());
                    startPromise.complete();
                })
                .onFailure(startPromise::fail);
    }

    @Override
    public void stop(Promise<Void> stopPromise) {
        if (server == null) {
            stopPromise.complete();
            return;
        }
        server.close().onComplete(ar -> stopPromise.complete());
    }
}
