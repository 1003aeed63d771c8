/* Mail platform. Licensed under the Apache License 2.0. */
package dev.mailplatform.smtp.session;

import dev.mailplatform.contracts.api.AuthResult;
import dev.mailplatform.smtp.command.BdatHandler;
import dev.mailplatform.smtp.command.CommandRegistry;
import dev.mailplatform.smtp.command.DataHandler;
import dev.mailplatform.smtp.config.ListenerSpec;
import dev.mailplatform.smtp.protocol.Inbound;
import dev.mailplatform.smtp.protocol.SmtpCommandParser;
import dev.mailplatform.smtp.protocol.SmtpProtocolException;
import dev.mailplatform.smtp.protocol.SmtpReceiver;
import dev.mailplatform.smtp.protocol.SmtpReplies;
import dev.mailplatform.smtp.protocol.SmtpReply;
import dev.mailplatform.smtp.protocol.command.SmtpCommand;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.jboss.logging.Logger;

/** One SMTP connection. See package-info for the invariants. */
public final class SmtpSession {
    private static final Logger LOG = Logger.getLogger(SmtpSession.class);
    private static final Set<String> KNOWN_VERBS = Set.of("ehlo", "helo", "mail", "rcpt", "data", "bdat", "rset",
            "noop", "quit", "vrfy", "help", "starttls", "auth");

    private final NetSocket socket;
    private final ListenerSpec listener;
    private final SessionServices services;
    private final CommandRegistry registry;
    private final Runnable onClose;
    private final String id = UUID.randomUUID().toString().substring(0, 8);
    private final String remoteAddress;
    private final boolean loopback;
    private final SmtpReceiver receiver;

    private SmtpState state = new SmtpState.Connected();
    private boolean tls;
    /** The account that authenticated with AUTH; null before. Only STARTTLS (RFC 3207 §4.2) forgets it. */
    private AuthResult identity;
    private int authFailures;
    /** Set while a multi-step AUTH waits for the client's next response line (RFC 4954 §4). */
    private Function<String, Future<SmtpReply>> saslContinuation;
    private boolean upgradeAfterReply;
    /** Between "220 Ready to start TLS" and the end of the handshake: plaintext input is dropped. */
    private boolean awaitingTls;
    /** The reply for the BDAT chunk being read when that BDAT was refused (RFC 3030 §2: read the chunk anyway). */
    private SmtpReply chunkRejection;
    private boolean chunkLast;
    private boolean busy;
    private boolean closing;
    private boolean closed;
    private int commands;
    private int errors;
    private long idleTimer = -1;
    private long dataTimer = -1;

    public SmtpSession(NetSocket socket, ListenerSpec listener, SessionServices services, CommandRegistry registry,
            Runnable onClose) {
        this.socket = socket;
        this.listener = listener;
        this.services = services;
        this.registry = registry;
        this.onClose = onClose;
        this.remoteAddress = socket.remoteAddress() == null ? "unknown" : socket.remoteAddress().hostAddress();
        this.loopback = isLoopback(remoteAddress);
        this.receiver = new SmtpReceiver(services.config().maxLineLength());
        this.tls = listener.implicitTls();
    }

    public void start() {
        socket.handler(this::onBytes);
        socket.closeHandler(v -> onClosed());
        socket.exceptionHandler(e -> {
            LOG.debugf("smtp session=%s remote=%s io error: %s", id, remoteAddress, e.getMessage());
            socket.close();
        });
        if (tls) {
            services.metrics().tls(listener.name(), "implicit");
        }
        armIdleTimer();
        LOG.debugf("smtp session=%s listener=%s remote=%s connected", id, listener.name(), remoteAddress);
        // RFC 2034 §4: the greeting carries no enhanced status code
        write(new SmtpReply(SmtpReplies.C220_READY, null, List.of(services.hostname() + " ESMTP ready")));
    }

    public SmtpState state() {
        return state;
    }

    public void state(SmtpState next) {
        this.state = next;
    }

    public SessionServices services() {
        return services;
    }

    public ListenerSpec listener() {
        return listener;
    }

    public String remoteAddress() {
        return remoteAddress;
    }

    public String id() {
        return id;
    }

    public boolean tls() {
        return tls;
    }

    public boolean loopback() {
        return loopback;
    }

    public AuthResult identity() {
        return identity;
    }

    public void authenticated(AuthResult account) {
        this.identity = account;
    }

    /** Counts a failed AUTH in this session and returns the count so far. */
    public int authFailed() {
        return ++authFailures;
    }

    /** The next line the client sends is an AUTH response, not a command. */
    public void continueAuth(Function<String, Future<SmtpReply>> continuation) {
        this.saslContinuation = continuation;
    }

    /** After the next reply is written, start the TLS handshake (STARTTLS). */
    public void upgradeToTlsAfterReply() {
        this.upgradeAfterReply = true;
    }

    /** Refuse the BDAT chunk now being read, with this reply once it has been read. */
    public void rejectChunk(SmtpReply reply) {
        this.chunkRejection = reply;
    }

    public SmtpReply takeChunkRejection() {
        SmtpReply reply = chunkRejection;
        chunkRejection = null;
        return reply;
    }

    private void onBytes(Buffer chunk) {
        if (closing) {
            return;
        }
        if (awaitingTls) {
            // RFC 3207 §4.2 / CVE-2011-0411: nothing sent before the handshake may count as sent over TLS
            LOG.infof("smtp session=%s remote=%s dropped %d octets sent before the TLS handshake", id,
                    remoteAddress, chunk.length());
            return;
        }
        armIdleTimer();
        services.metrics().bytesIn(listener.name(), chunk.length());
        receiver.feed(chunk.getBytes());
        safePump();
    }

    private void safePump() {
        try {
            pump();
        } catch (RuntimeException e) {
            // a bug must cost this one session, never a silent hang: tell the client and close
            String ref = UUID.randomUUID().toString().substring(0, 8);
            LOG.errorf(e, "smtp session=%s remote=%s internal error ref=%s", id, remoteAddress, ref);
            discardSpool();
            closeWith(SmtpReply.of(SmtpReplies.C421_SERVICE_NOT_AVAILABLE, SmtpReplies.E4_3_0,
                    "Internal error, closing connection (ref " + ref + ")"));
        }
    }

    /** Processes buffered input until it runs out or a command goes asynchronous. */
    private void pump() {
        while (!busy && !closing && !awaitingTls) {
            boolean wasInData = receiver.inDataMode();
            Inbound next = receiver.next();
            if (next == null) {
                return;
            }
            if (wasInData && !receiver.inDataMode()) {
                cancelDataTimer();
            }
            if (next instanceof Inbound.CommandLine line) {
                if (saslContinuation != null) {
                    authResponse(line.bytes());
                } else {
                    command(line.bytes());
                }
            } else if (next instanceof Inbound.LineTooLong) {
                LOG.infof("smtp session=%s remote=%s line too long", id, remoteAddress);
                saslContinuation = null;
                reply("unknown", SmtpReply.of(SmtpReplies.C500_SYNTAX_ERROR, SmtpReplies.E5_5_2, "Line too long"));
            } else if (next instanceof Inbound.DataBytes data) {
                dataBytes(data.bytes());
            } else if (next instanceof Inbound.DataEnd end) {
                run("data", dataHandler().endOfData(this, end.defect()));
            } else if (next instanceof Inbound.ChunkEnd) {
                run("bdat", bdatHandler().chunkEnd(this, chunkLast));
            }
        }
    }

    private void command(byte[] line) {
        if (LOG.isTraceEnabled()) {
            LOG.tracef("smtp session=%s C: %s", id, new String(line, StandardCharsets.ISO_8859_1));
        }
        if (++commands > services.config().maxCommands()) {
            LOG.infof("smtp session=%s remote=%s too many commands", id, remoteAddress);
            closeWith(SmtpReply.of(SmtpReplies.C421_SERVICE_NOT_AVAILABLE, SmtpReplies.E4_7_0,
                    "Too many commands, closing connection"));
            return;
        }
        SmtpCommand command;
        try {
            command = SmtpCommandParser.parse(line);
        } catch (SmtpProtocolException e) {
            LOG.infof("smtp session=%s remote=%s rejected command: %s", id, remoteAddress, e.reply());
            String verb = verbOf(line);
            if (verb.equals("bdat")) {
                // RFC 3030 §2: without a readable size the chunk cannot be skipped, so the stream is lost
                closeWith(e.reply());
                return;
            }
            reply(verb, e.reply());
            return;
        }
        if (command instanceof SmtpCommand.Bdat bdat) {
            startChunk(bdat);
            return;
        }
        Future<SmtpReply> result;
        try {
            result = registry.dispatch(this, command);
        } catch (RuntimeException e) {
            result = Future.failedFuture(e);
        }
        run(command.verb(), result);
    }

    private void startChunk(SmtpCommand.Bdat bdat) {
        long limit = services.config().maxMessageSize();
        if (bdat.size() > limit) {
            // reading a chunk that can never be accepted would only waste the link; RFC 1870 §6.3 reply, then close
            LOG.infof("smtp session=%s remote=%s BDAT chunk of %d octets over the limit", id, remoteAddress,
                    bdat.size());
            discardSpool();
            closeWith(SmtpReply.of(SmtpReplies.C552_EXCEEDED_STORAGE, SmtpReplies.E5_3_4,
                    "Message size exceeds fixed maximum message size of " + limit));
            return;
        }
        receiver.beginChunk(bdat.size());
        chunkLast = bdat.last();
        armDataTimer();
        Future<Void> ready;
        try {
            ready = bdatHandler().begin(this, bdat);
        } catch (RuntimeException e) {
            ready = Future.failedFuture(e);
        }
        if (ready.isComplete()) {
            if (ready.failed()) {
                rejectChunk(outcome(Future.failedFuture(ready.cause())));
            }
            return;
        }
        busy = true;
        socket.pause();
        ready.onComplete(ar -> {
            busy = false;
            if (ar.failed()) {
                rejectChunk(outcome(Future.failedFuture(ar.cause())));
            }
            if (closed) {
                discardSpool();
                return;
            }
            socket.resume();
            safePump();
        });
    }

    private void authResponse(byte[] line) {
        // never log the response: it carries credentials
        Function<String, Future<SmtpReply>> continuation = saslContinuation;
        saslContinuation = null;
        if (++commands > services.config().maxCommands()) {
            closeWith(SmtpReply.of(SmtpReplies.C421_SERVICE_NOT_AVAILABLE, SmtpReplies.E4_7_0,
                    "Too many commands, closing connection"));
            return;
        }
        Future<SmtpReply> result;
        try {
            result = continuation.apply(new String(line, StandardCharsets.ISO_8859_1).strip());
        } catch (RuntimeException e) {
            result = Future.failedFuture(e);
        }
        run("auth", result);
    }

    private void run(String verb, Future<SmtpReply> result) {
        if (result.isComplete()) {
            reply(verb, outcome(result));
            return;
        }
        busy = true;
        cancelIdleTimer();
        socket.pause();
        result.onComplete(ar -> {
            busy = false;
            if (closed) {
                // the client left while the command ran; a spool opened meanwhile is nobody's now
                discardSpool();
                return;
            }
            reply(verb, outcome(result));
            if (!closing) {
                armIdleTimer();
                socket.resume();
                safePump();
            }
        });
    }

    private SmtpReply outcome(Future<SmtpReply> result) {
        if (result.succeeded()) {
            return result.result();
        }
        if (result.cause() instanceof SmtpProtocolException e) {
            return e.reply();
        }
        String correlation = UUID.randomUUID().toString().substring(0, 8);
        LOG.errorf(result.cause(), "smtp session=%s remote=%s internal error ref=%s", id, remoteAddress, correlation);
        return SmtpReply.of(SmtpReplies.C451_LOCAL_ERROR, SmtpReplies.E4_3_0,
                "Local error in processing, ref " + correlation);
    }

    /** The one place replies leave: counts, logs errors, closes on QUIT, 421 and the error limit. */
    private void reply(String verb, SmtpReply reply) {
        services.metrics().command(verb, reply.code());
        LOG.debugf("smtp session=%s listener=%s verb=%s reply=%d", id, listener.name(), verb, reply.code());
        write(reply);
        if (reply.code() == SmtpReplies.C221_CLOSING || reply.code() == SmtpReplies.C421_SERVICE_NOT_AVAILABLE) {
            closeAfterWrite();
            return;
        }
        if (upgradeAfterReply) {
            upgradeAfterReply = false;
            startTls();
            return;
        }
        if (reply.code() == SmtpReplies.C354_START_INPUT) {
            receiver.beginData();
            armDataTimer();
            return;
        }
        if (reply.isPermanentFailure() && ++errors >= services.config().maxErrors()) {
            LOG.infof("smtp session=%s remote=%s too many errors", id, remoteAddress);
            closeWith(SmtpReply.of(SmtpReplies.C421_SERVICE_NOT_AVAILABLE, SmtpReplies.E4_7_0,
                    "Too many errors, closing connection"));
        }
    }

    private void startTls() {
        int dropped = receiver.discardBuffered();
        if (dropped > 0) {
            LOG.infof("smtp session=%s remote=%s dropped %d octets pipelined after STARTTLS", id, remoteAddress,
                    dropped);
        }
        awaitingTls = true;
        cancelIdleTimer();
        socket.upgradeToSsl().onComplete(ar -> {
            if (closed) {
                return;
            }
            if (ar.failed()) {
                LOG.infof("smtp session=%s remote=%s TLS handshake failed: %s", id, remoteAddress,
                        ar.cause().getMessage());
                services.metrics().tls(listener.name(), "failed");
                closing = true;
                socket.close();
                return;
            }
            // RFC 3207 §4.2: discard all knowledge from the client; it must send EHLO again
            tls = true;
            awaitingTls = false;
            identity = null;
            state = new SmtpState.Connected();
            services.metrics().tls(listener.name(), "starttls");
            armIdleTimer();
            safePump();
        });
    }

    private void dataBytes(byte[] bytes) {
        if (chunkRejection != null || !(state instanceof SmtpState.ReceivingData receiving)) {
            return;
        }
        if (receiving.lineEndings() != null) {
            receiving.lineEndings().update(bytes);
        }
        receiving.spool().append(bytes);
        if (receiving.spool().writeQueueFull()) {
            socket.pause();
            receiving.spool().drainHandler(v -> {
                // while a command is running the socket stays paused; its completion resumes it
                if (!closed && !busy) {
                    socket.resume();
                }
            });
        }
    }

    private DataHandler dataHandler() {
        return registry.dataHandler();
    }

    private BdatHandler bdatHandler() {
        return registry.bdatHandler();
    }

    private void write(SmtpReply reply) {
        if (!closed) {
            socket.write(Buffer.buffer(reply.toBytes()));
        }
    }

    private void closeWith(SmtpReply reply) {
        services.metrics().command("session", reply.code());
        write(reply);
        closeAfterWrite();
    }

    private void closeAfterWrite() {
        closing = true;
        cancelIdleTimer();
        cancelDataTimer();
        // NetSocket.close() flushes what was written before closing the channel
        socket.close();
    }

    private void armIdleTimer() {
        cancelIdleTimer();
        if (closing) {
            return;
        }
        idleTimer = services.vertx().setTimer(services.config().idleTimeout().toMillis(), t -> {
            idleTimer = -1;
            if (busy || closing) {
                return;
            }
            LOG.infof("smtp session=%s remote=%s idle timeout", id, remoteAddress);
            discardSpool();
            closeWith(SmtpReply.of(SmtpReplies.C421_SERVICE_NOT_AVAILABLE, SmtpReplies.E4_4_2,
                    services.hostname() + " Idle timeout, closing connection"));
        });
    }

    private void cancelIdleTimer() {
        if (idleTimer >= 0) {
            services.vertx().cancelTimer(idleTimer);
            idleTimer = -1;
        }
    }

    /** Bounds one DATA transfer or BDAT chunk as a whole, so a client trickling bytes cannot hold it forever. */
    private void armDataTimer() {
        cancelDataTimer();
        dataTimer = services.vertx().setTimer(services.config().dataTimeout().toMillis(), t -> {
            dataTimer = -1;
            if (closing || !receiver.inDataMode()) {
                return;
            }
            LOG.infof("smtp session=%s remote=%s data timeout", id, remoteAddress);
            services.metrics().message("timeout");
            discardSpool();
            closeWith(SmtpReply.of(SmtpReplies.C421_SERVICE_NOT_AVAILABLE, SmtpReplies.E4_4_2,
                    services.hostname() + " Data timeout, closing connection"));
        });
    }

    private void cancelDataTimer() {
        if (dataTimer >= 0) {
            services.vertx().cancelTimer(dataTimer);
            dataTimer = -1;
        }
    }

    private void onClosed() {
        if (closed) {
            return;
        }
        closed = true;
        closing = true;
        cancelIdleTimer();
        cancelDataTimer();
        // the client went away mid-DATA: nothing was acknowledged, so nothing is kept
        discardSpool();
        LOG.debugf("smtp session=%s remote=%s closed after %d commands", id, remoteAddress, commands);
        onClose.run();
    }

    /** Drops a BDAT transaction in progress with its spool file (RSET, EHLO, HELO: RFC 5321 §4.1.4). */
    public void abortTransaction() {
        discardSpool();
    }

    private void discardSpool() {
        if (state instanceof SmtpState.ReceivingData receiving) {
            receiving.spool().discard();
            state = receiving.transaction().hello();
            services.metrics().message("aborted");
        }
    }

    private static boolean isLoopback(String ip) {
        return ip.startsWith("127.") || ip.equals("::1") || ip.equals("0:0:0:0:0:0:0:1");
    }

    private static String verbOf(byte[] line) {
        int n = 0;
        while (n < line.length && n < 9 && line[n] != ' ') {
            n++;
        }
        String verb = new String(line, 0, n, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
        return KNOWN_VERBS.contains(verb) ? verb : "unknown";
    }
}
