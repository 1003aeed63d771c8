/* Mail platform. Licensed under the Apache License 2.0. */
package dev.mailplatform.pop3.session;

import dev.mailplatform.blobstore.BlobStoreException;
import dev.mailplatform.mailboxclient.MailboxServiceException;
import dev.mailplatform.pop3.command.CommandRegistry;
import dev.mailplatform.pop3.command.Pop3CommandHandler;
import dev.mailplatform.pop3.protocol.MultilineWriter;
import dev.mailplatform.pop3.protocol.Pop3Command;
import dev.mailplatform.pop3.protocol.Pop3ProtocolException;
import dev.mailplatform.pop3.protocol.Pop3Receiver;
import dev.mailplatform.pop3.protocol.Pop3Response;
import dev.mailplatform.pop3.session.Pop3Metrics.Outcome;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/** One POP3 connection: reads lines, runs one command at a time through its handler, writes the replies. */
public final class Pop3Session {
    private static final Logger LOG = Logger.getLogger(Pop3Session.class);
    private static final AtomicLong IDS = new AtomicLong();

    private final NetSocket socket;
    private final SessionServices services;
    private final CommandRegistry registry;
    private final Pop3Receiver receiver;
    private boolean secure;
    /** Between STLS's +OK and the end of the handshake: any plain-text octet that arrives now is dropped unread. */
    private boolean tlsHandshaking;
    /** A handler waiting for a SASL client response (RFC 5034 §4); commands are not read meanwhile. */
    private Promise<String> lineWaiter;
    private final String id;

    private Pop3State state = Pop3State.Authorization.initial();
    private boolean busy;
    private boolean closed;
    private long idleTimer = -1;
    /** A wait for the write queue to drain; failed on close, since no drain event follows a closed socket. */
    private Promise<Void> pendingDrain;

    // per command, reset by dispatch
    private Outcome outcome;
    private boolean bodyStarted;

    public Pop3Session(NetSocket socket, SessionServices services, CommandRegistry registry, boolean secure) {
        this.socket = socket;
        this.services = services;
        this.registry = registry;
        this.secure = secure;
        this.receiver = new Pop3Receiver(services.config().maxLineLength(), services.config().maxAuthLineLength());
        this.id = Long.toString(IDS.incrementAndGet(), 36);
    }

    public void start() {
        services.metrics().sessionOpened();
        socket.setWriteQueueMaxSize(services.config().writeQueueMaxSize());
        socket.handler(this::received);
        socket.closeHandler(v -> onClosed());
        socket.exceptionHandler(e -> LOG.debugf("pop3 %s socket error: %s", id, e.getMessage()));
        touch();
        // RFC 1939 §4: the greeting is a positive response; no timestamp since APOP is not offered (see ApopHandler)
        socket.write(Buffer.buffer(Pop3Response.ok(services.config().greeting()).toBytes()));
        LOG.debugf("pop3 %s connected from %s", id, socket.remoteAddress());
    }

    // ---- API for handlers

    public String id() {
        return id;
    }

    public SessionServices services() {
        return services;
    }

    public Pop3State state() {
        return state;
    }

    public void state(Pop3State next) {
        state = next;
    }

    public boolean isSecure() {
        return secure;
    }

    public boolean isClosed() {
        return closed;
    }

    public String remoteAddress() {
        return socket.remoteAddress() == null ? null : socket.remoteAddress().hostAddress();
    }

    /** Whether the client connects from this host (127.0.0.0/8, ::1); an IP literal, so no DNS lookup happens. */
    public boolean isLoopback() {
        String address = remoteAddress();
        if (address == null) {
            return false;
        }
        try {
            return java.net.InetAddress.getByName(address).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    /** The lease holder name: unique across gateway instances and sessions. */
    public String leaseHolder() {
        return services.instanceId() + "/" + id;
    }

    /**
     * STLS (RFC 2595 §4), called after the +OK is written. Octets the client pipelined after STLS are discarded and
     * never executed (CVE-2011-0411), whether they wait in the framer or arrive before the handshake completes.
     */
    public Future<Void> startTls() {
        long dropped = receiver.discardBuffered();
        if (dropped > 0) {
            LOG.infof("pop3 %s discarded %d octets pipelined after STLS", id, dropped);
        }
        tlsHandshaking = true;
        Future<Void> handshake = socket.upgradeToSsl();
        // the handshake needs reads; whatever plain text the reads deliver before it completes is dropped
        socket.resume();
        return handshake.onComplete(ar -> {
            tlsHandshaking = false;
            socket.pause();
            if (ar.succeeded()) {
                secure = true;
                LOG.debugf("pop3 %s TLS established", id);
            }
        });
    }

    /**
     * Sends a SASL challenge ("+ base64") and completes with the client's response line (RFC 5034 §4). Only that one
     * line is read; it fails with the -ERR for an over-long line.
     */
    public Future<String> awaitLine(String challenge) {
        if (closed) {
            return Future.failedFuture(new SessionClosedException());
        }
        Promise<String> waiter = Promise.promise();
        lineWaiter = waiter;
        receiver.expectRawLine();
        write(Pop3Response.continuation(challenge));
        deliverLine();
        return waiter.future();
    }

    /** The maildrop lease was taken over by another session: stop at once, deleting nothing. */
    public void leaseLost() {
        if (closed) {
            return;
        }
        LOG.warnf("pop3 %s lost its maildrop lease, closing without committing deletions", id);
        if (state instanceof Pop3State.Transaction) {
            // back to a state whose QUIT commits nothing, should a pipelined QUIT still run
            state = new Pop3State.Authorization(null, 0);
        }
        if (busy && bodyStarted) {
            close();
        } else {
            write(Pop3Response.err(Pop3Response.CODE_IN_USE, "maildrop lock lost, closing").toBytes())
                    .onComplete(ar -> close());
        }
    }

    /** Writes a status line; the first one of a command decides its metrics result. */
    public Future<Void> reply(Pop3Response response) {
        if (outcome == null) {
            outcome = response.ok() ? Outcome.OK : Outcome.ERR;
        }
        return write(response.toBytes());
    }

    /** A short multi-line response (listing, capabilities) in one write. */
    public Future<Void> replyMultiline(Pop3Response status, java.util.List<String> lines) {
        if (outcome == null) {
            outcome = status.ok() ? Outcome.OK : Outcome.ERR;
        }
        return write(MultilineWriter.multiline(status, lines));
    }

    /** Writes the status line that opens a multi-line body; after it an error can only close the connection. */
    public Future<Void> beginBody(Pop3Response status) {
        bodyStarted = true;
        return reply(status);
    }

    public Future<Void> write(byte[] bytes) {
        if (closed) {
            return Future.failedFuture(new SessionClosedException());
        }
        return socket.write(Buffer.buffer(bytes));
    }

    /** Completes once the socket's write queue is below its limit, or fails if the connection closes first. */
    public Future<Void> writable() {
        if (closed) {
            return Future.failedFuture(new SessionClosedException());
        }
        if (!socket.writeQueueFull()) {
            return Future.succeededFuture();
        }
        Promise<Void> promise = Promise.promise();
        pendingDrain = promise;
        socket.drainHandler(v -> {
            socket.drainHandler(null);
            pendingDrain = null;
            promise.tryComplete();
        });
        return promise.future();
    }

    /** Resets the RFC 1939 §3 autologout timer; streaming calls it per chunk so a slow large RETR is not cut. */
    public void touch() {
        if (closed) {
            return;
        }
        if (idleTimer >= 0) {
            services.vertx().cancelTimer(idleTimer);
        }
        idleTimer = services.vertx().setTimer(services.config().idleTimeout().toMillis(), t -> {
            idleTimer = -1;
            LOG.infof("pop3 %s idle for %s, closing", id, services.config().idleTimeout());
            if (busy && bodyStarted) {
                // a status line in the middle of a message body would corrupt it: just close
                close();
            } else {
                write(Pop3Response.err("autologout: idle for too long").toBytes()).onComplete(ar -> close());
            }
        });
    }

    /** Closes after the queued writes are flushed; nothing further is read. */
    public void close() {
        if (!closed) {
            socket.close();
        }
    }

    // ---- the read/dispatch loop

    private void received(Buffer data) {
        if (tlsHandshaking) {
            LOG.infof("pop3 %s dropped %d plain-text octets received during the TLS handshake", id, data.length());
            return;
        }
        receiver.feed(data.getBytes());
        touch();
        if (lineWaiter != null) {
            deliverLine();
        } else {
            drain();
        }
    }

    private void deliverLine() {
        Optional<Pop3Receiver.Received> next = receiver.next();
        if (next.isEmpty()) {
            socket.resume();
            return;
        }
        socket.pause();
        Promise<String> waiter = lineWaiter;
        lineWaiter = null;
        if (next.get() instanceof Pop3Receiver.Line line) {
            waiter.complete(line.text());
        } else if (next.get() instanceof Pop3Receiver.Rejected rejected) {
            waiter.fail(new Pop3ProtocolException(rejected.reply(), false));
        } else {
            waiter.fail(new IllegalStateException("framer returned a command while a line was expected"));
        }
    }

    /**
     * Runs queued commands one after the other. A loop rather than recursion, so thousands of pipelined NOOPs
     * answered synchronously do not grow the stack.
     */
    private void drain() {
        while (!busy && !closed && !(state instanceof Pop3State.Update)) {
            if (socket.writeQueueFull()) {
                // the client is not reading our replies: stop reading its commands until it does
                socket.pause();
                busy = true;
                writable().onComplete(ar -> {
                    busy = false;
                    drain();
                });
                return;
            }
            Optional<Pop3Receiver.Received> next = receiver.next();
            if (next.isEmpty()) {
                socket.resume();
                return;
            }
            socket.pause();
            busy = true;
            long started = System.nanoTime();
            String name = commandName(next.get());
            Future<Void> done = dispatch(next.get());
            if (done.isComplete()) {
                finished(name, started, done);
            } else {
                done.onComplete(ar -> {
                    finished(name, started, done);
                    drain();
                });
                return;
            }
        }
    }

    private void finished(String name, long started, Future<Void> done) {
        busy = false;
        Outcome result = closed && outcome == null ? Outcome.IO : (outcome == null ? Outcome.OK : outcome);
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
        services.metrics().command(name, result, elapsed);
        LOG.debugf("pop3 %s tenant=%s command=%s result=%s elapsed=%dms", id, tenant(), name, result.tag(),
                elapsed.toMillis());
        touch();
    }

    private Object tenant() {
        if (state instanceof Pop3State.Transaction t) {
            return t.account().tenantId();
        }
        return state instanceof Pop3State.Update u ? u.account().tenantId() : "-";
    }

    private static String commandName(Pop3Receiver.Received received) {
        return received instanceof Pop3Receiver.Command c ? c.command().name() : "invalid";
    }

    private Future<Void> dispatch(Pop3Receiver.Received received) {
        outcome = null;
        bodyStarted = false;
        if (received instanceof Pop3Receiver.Rejected rejected) {
            LOG.debugf("pop3 %s rejected line: %s", id, rejected.reply());
            return reply(rejected.reply());
        }
        Pop3Command command = ((Pop3Receiver.Command) received).command();
        Future<Void> result;
        try {
            result = run(command);
        } catch (RuntimeException e) {
            result = Future.failedFuture(e);
        }
        return result.recover(this::fail);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private Future<Void> run(Pop3Command command) {
        if (command instanceof Pop3Command.Unknown unknown) {
            LOG.debugf("pop3 %s unknown command %s", id, unknown.keyword());
            return reply(Pop3Response.err("unknown command"));
        }
        Pop3CommandHandler handler = registry.handlerFor(command);
        if (!handler.allowedIn().contains(state.getClass())) {
            return reply(Pop3Response.err(command.name().toUpperCase(java.util.Locale.ROOT)
                    + " not allowed in this state"));
        }
        return handler.handle(this, command);
    }

    /** The one place failures become replies (convention 8). */
    private Future<Void> fail(Throwable e) {
        if (closed || e instanceof SessionClosedException) {
            // the client went away mid-command; count it as an I/O end, whatever status line went out before
            outcome = Outcome.IO;
            return Future.succeededFuture();
        }
        if (bodyStarted) {
            // the client already got +OK and part of the body: only closing tells it the body is incomplete
            LOG.warnf("pop3 %s failed while sending a message body, closing: %s", id, e.toString());
            outcome = Outcome.IO;
            close();
            return Future.succeededFuture();
        }
        if (e instanceof Pop3ProtocolException p) {
            LOG.debugf("pop3 %s %s", id, p.reply());
            Future<Void> written = reply(p.reply());
            if (p.disconnect()) {
                written.onComplete(ar -> close());
            }
            return written;
        }
        if (e instanceof MailboxServiceException m) {
            LOG.warnf("pop3 %s mailbox service error (status %d): %s", id, m.status(), m.getMessage());
            // RFC 3206 §4: SYS/TEMP tells the client retrying later may work, SYS/PERM that it will not
            return reply(m.isTransient()
                    ? Pop3Response.err(Pop3Response.CODE_SYS_TEMP, "mailbox temporarily unavailable")
                    : Pop3Response.err(Pop3Response.CODE_SYS_PERM, "mailbox not available"));
        }
        if (e instanceof BlobStoreException b) {
            LOG.warnf("pop3 %s object storage error: %s", id, b.getMessage());
            return reply(Pop3Response.err(Pop3Response.CODE_SYS_TEMP, "message temporarily unavailable"));
        }
        String ref = UUID.randomUUID().toString().substring(0, 8);
        LOG.errorf(e, "pop3 %s internal error ref=%s", id, ref);
        return reply(Pop3Response.err(Pop3Response.CODE_SYS_TEMP, "internal error, ref " + ref));
    }

    private void onClosed() {
        if (closed) {
            return;
        }
        closed = true;
        if (idleTimer >= 0) {
            services.vertx().cancelTimer(idleTimer);
            idleTimer = -1;
        }
        services.metrics().sessionClosed();
        if (pendingDrain != null) {
            pendingDrain.tryFail(new SessionClosedException());
            pendingDrain = null;
        }
        if (lineWaiter != null) {
            lineWaiter.tryFail(new SessionClosedException());
            lineWaiter = null;
        }
        if (state instanceof Pop3State.Transaction t) {
            t.lease().release();
        }
        // RFC 1939 §6: without QUIT the session never enters UPDATE, so marked messages stay
        LOG.debugf("pop3 %s closed in state %s", id, state.getClass().getSimpleName());
    }

    /** A write or wait failed because the client went away; nothing to answer. */
    public static final class SessionClosedException extends RuntimeException {
        public SessionClosedException() {
            super("connection closed", null, false, false);
        }
    }
}
