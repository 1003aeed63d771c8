package dev.mailplatform.imap.session;

import dev.mailplatform.blobstore.BlobStoreException;
import dev.mailplatform.imap.command.CommandHandler;
import dev.mailplatform.imap.command.Completion;
import dev.mailplatform.imap.config.ImapListener;
import dev.mailplatform.imap.error.ProtocolException;
import dev.mailplatform.imap.error.ResponseCode;
import dev.mailplatform.imap.protocol.ImapReceiver;
import dev.mailplatform.imap.protocol.ImapResponses;
import dev.mailplatform.imap.protocol.ReceiverEvent;
import dev.mailplatform.imap.protocol.ReceiverLimits;
import dev.mailplatform.imap.protocol.Request;
import dev.mailplatform.imap.protocol.command.CommandParser;
import dev.mailplatform.imap.protocol.command.ImapCommand;
import dev.mailplatform.mailboxclient.MailboxServiceException;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.jboss.logging.Logger;

/** One IMAP connection: feeds the receiver, dispatches one command at a time and writes every reply. */
public final class ImapSession {
    private static final Logger LOG = Logger.getLogger(ImapSession.class);
    private static final Set<String> KNOWN_COMMANDS = Set.of("CAPABILITY", "NOOP", "LOGOUT", "LOGIN", "SELECT",
            "EXAMINE", "FETCH", "UID");

    private final Vertx vertx;
    private final NetSocket socket;
    private final SessionServices services;
    private final ImapListener listener;
    private final ImapReceiver receiver;
    private final String id;

    private ImapState state = new ImapState.NotAuthenticated(0);
    private boolean busy;
    private boolean closed;
    private long idleTimer = -1;
    private Promise<Void> writableWaiter;

    public ImapSession(Vertx vertx, NetSocket socket, SessionServices services, ImapListener listener) {
        this.vertx = vertx;
        this.socket = socket;
        this.services = services;
        this.listener = listener;
        this.receiver = new ImapReceiver(new ReceiverLimits(services.config().maxLineLength(),
                services.config().maxLiteralSize()));
        this.id = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    }

    public void start() {
        services.metrics().sessionOpened();
        socket.setWriteQueueMaxSize(services.config().writeQueueMaxSize());
        socket.handler(this::onData);
        socket.closeHandler(v -> onClosed());
        socket.exceptionHandler(e -> LOG.debugf("imap session=%s socket error: %s", id, e.getMessage()));
        LOG.debugf("imap session=%s listener=%s connected from %s", id, listener.name(), remoteHost());
        // RFC 9051 §7.1.1: the greeting may carry the capabilities, saving clients a round trip
        write(ImapResponses.untagged("OK [CAPABILITY " + capabilities() + "] IMAP4rev1 server ready"));
        touch();
    }

    // ---- API for handlers ----

    public String id() {
        return id;
    }

    public ImapState state() {
        return state;
    }

    public void setState(ImapState newState) {
        this.state = newState;
    }

    public SessionServices services() {
        return services;
    }

    public Vertx vertx() {
        return vertx;
    }

    public boolean isTls() {
        return socket.isSsl();
    }

    public String remoteHost() {
        return socket.remoteAddress() == null ? "unknown" : socket.remoteAddress().hostAddress();
    }

    public String capabilities() {
        // RFC 7888 LITERAL+; RFC 9051 §6.2.3: LOGINDISABLED when LOGIN is refused on this connection
        boolean loginAllowed = services.config().allowPlaintextAuth() || isTls();
        return "IMAP4rev1 LITERAL+" + (loginAllowed ? "" : " LOGINDISABLED");
    }

    public boolean isClosed() {
        return closed;
    }

    public void write(String text) {
        write(Buffer.buffer(text.getBytes(StandardCharsets.UTF_8)));
    }

    public void write(Buffer data) {
        if (!closed) {
            socket.write(data);
        }
    }

    public boolean writeQueueFull() {
        return socket.writeQueueFull();
    }

    /** Completes when the socket can take more data; fails when the connection is gone. */
    public Future<Void> whenWritable() {
        if (closed) {
            return Future.failedFuture(new IOException("connection closed"));
        }
        if (!socket.writeQueueFull()) {
            return Future.succeededFuture();
        }
        Promise<Void> waiter = Promise.promise();
        writableWaiter = waiter;
        socket.drainHandler(v -> {
            socket.drainHandler(null);
            writableWaiter = null;
            touch();
            waiter.tryComplete();
        });
        return waiter.future();
    }

    /** Restarts the autologout timer (RFC 9051 §5.4): on input, on command completion and while output flows. */
    public void touch() {
        if (closed) {
            return;
        }
        if (idleTimer != -1) {
            vertx.cancelTimer(idleTimer);
        }
        idleTimer = vertx.setTimer(services.config().idleTimeout().toMillis(), t -> onIdle());
    }

    // ---- input ----

    private void onData(Buffer data) {
        touch();
        receiver.feed(data.getBytes());
        pump();
    }

    private void pump() {
        while (!busy && !closed) {
            ReceiverEvent event = receiver.next();
            if (event instanceof ReceiverEvent.NeedsMoreData) {
                return;
            } else if (event instanceof ReceiverEvent.LiteralAccepted) {
                write("+ Ready for literal data" + ImapResponses.CRLF);
            } else if (event instanceof ReceiverEvent.Rejected rejected) {
                ProtocolException error = rejected.error();
                LOG.infof("imap session=%s rejected input from %s: %s", id, remoteHost(), error.text());
                services.metrics().command("invalid", resultOf(error), 0);
                reply(error);
            } else if (event instanceof ReceiverEvent.Complete complete) {
                execute(complete.request());
            }
        }
    }

    private void execute(Request request) {
        busy = true;
        socket.pause();
        long start = System.nanoTime();
        String label = KNOWN_COMMANDS.contains(request.name()) ? request.name().toLowerCase() : "unknown";
        Future<Completion> result;
        try {
            ImapCommand command = CommandParser.parse(request);
            label = command.metricName();
            result = dispatch(command);
        } catch (RuntimeException e) {
            result = Future.failedFuture(e);
        }
        String metricLabel = label;
        result.onComplete(ar -> finish(request, metricLabel, start, ar));
    }

    private Future<Completion> dispatch(ImapCommand command) {
        CommandHandler<ImapCommand> handler = services.commands().handlerFor(command);
        if (!handler.allowedIn().contains(state.getClass())) {
            boolean needsMailbox = state instanceof ImapState.Authenticated
                    && handler.allowedIn().contains(ImapState.Selected.class);
            String when = state instanceof ImapState.NotAuthenticated ? "before LOGIN"
                    : needsMailbox ? "without a selected mailbox" : "in this state";
            throw ProtocolException.bad("Command not permitted " + when);
        }
        return handler.handle(this, command);
    }

    private void finish(Request request, String label, long start, AsyncResult<Completion> ar) {
        String result;
        if (ar.succeeded()) {
            Completion done = ar.result();
            write(ImapResponses.tagged(request.tag(), "OK", done.code(), done.text()));
            result = "ok";
        } else {
            ProtocolException error = translate(ar.cause()).withTag(request.tag());
            result = resultOf(error);
            reply(error);
        }
        long elapsed = System.nanoTime() - start;
        services.metrics().command(label, result, elapsed);
        LOG.debugf("imap session=%s tenant=%s command=%s result=%s elapsed_ms=%d", id, tenantOf(state), label,
                result, elapsed / 1_000_000);
        if (state instanceof ImapState.LoggedOut) {
            close();
        }
        busy = false;
        if (!closed) {
            socket.resume();
            touch();
            pump();
        }
    }

    /** Writes the reply for {@code error} and closes the connection when it asks for it. */
    private void reply(ProtocolException error) {
        write(error.toReply());
        if (error.disconnect()) {
            if (error.kind() != ProtocolException.Kind.BYE) {
                write(ImapResponses.untagged("BYE Closing connection"));
            }
            state = new ImapState.LoggedOut();
            close();
        }
    }

    private ProtocolException translate(Throwable cause) {
        if (cause instanceof ProtocolException pe) {
            return pe;
        }
        if (cause instanceof MailboxServiceException mse) {
            LOG.warnf("imap session=%s mailbox service failure: %s", id, mse.getMessage());
            return ProtocolException.no(ResponseCode.UNAVAILABLE, "Mailbox service unavailable, try again later");
        }
        if (cause instanceof BlobStoreException bse) {
            LOG.warnf("imap session=%s message store failure: %s", id, bse.getMessage());
            return ProtocolException.no(ResponseCode.UNAVAILABLE, "Message store unavailable, try again later");
        }
        String ref = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
        LOG.errorf(cause, "imap session=%s internal error ref=%s", id, ref);
        return ProtocolException.no(ResponseCode.SERVERBUG, "Internal error, reference " + ref);
    }

    private static String resultOf(ProtocolException error) {
        if (ResponseCode.SERVERBUG.equals(error.code())) {
            return "error";
        }
        return error.kind().name().toLowerCase();
    }

    private static String tenantOf(ImapState state) {
        if (state instanceof ImapState.Authenticated a) {
            return String.valueOf(a.account().tenantId());
        }
        if (state instanceof ImapState.Selected s) {
            return String.valueOf(s.account().tenantId());
        }
        return "-";
    }

    // ---- lifecycle ----

    private void onIdle() {
        idleTimer = -1;
        if (closed) {
            return;
        }
        LOG.infof("imap session=%s autologout after %s idle", id, services.config().idleTimeout());
        services.metrics().command("autologout", "bye", 0);
        write(ImapResponses.untagged("BYE Autologout; idle for too long"));
        state = new ImapState.LoggedOut();
        close();
    }

    private void close() {
        if (!closed) {
            socket.close();
            markClosed();
        }
    }

    private void onClosed() {
        markClosed();
    }

    private void markClosed() {
        if (closed) {
            return;
        }
        closed = true;
        if (idleTimer != -1) {
            vertx.cancelTimer(idleTimer);
            idleTimer = -1;
        }
        services.metrics().sessionClosed();
        Promise<Void> waiter = writableWaiter;
        writableWaiter = null;
        if (waiter != null) {
            waiter.tryFail(new IOException("connection closed"));
        }
        LOG.debugf("imap session=%s closed", id);
    }
}
