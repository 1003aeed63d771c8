/* Mail platform. Licensed under the Apache License 2.0. */
package dev.mailplatform.smtp.session;

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
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import org.jboss.logging.Logger;

/** One SMTP connection. See package-info for the invariants. */
public final class SmtpSession {
    private static final Logger LOG = Logger.getLogger(SmtpSession.class);
    private static final Set<String> KNOWN_VERBS =
            Set.of("ehlo", "helo", "mail", "rcpt", "data", "rset", "noop", "quit", "vrfy", "help");

    private final NetSocket socket;
    private final ListenerSpec listener;
    private final SessionServices services;
    private final CommandRegistry registry;
    private final Runnable onClose;
    private final String id = UUID.randomUUID().toString().substring(0, 8);
    private final String remoteAddress;
    private final SmtpReceiver receiver;

    private SmtpState state = new SmtpState.Connected();
    private boolean busy;
    private boolean closing;
    private boolean closed;
    private int commands;
    private int errors;
    private long idleTimer = -1;

    public SmtpSession(NetSocket socket, ListenerSpec listener, SessionServices services, CommandRegistry registry,
            Runnable onClose) {
        this.socket = socket;
        this.listener = listener;
        this.services = services;
        this.registry = registry;
        this.onClose = onClose;
        this.remoteAddress = socket.remoteAddress() == null ? "unknown" : socket.remoteAddress().hostAddress();
        this.receiver = new SmtpReceiver(services.config().maxLineLength());
    }

    public void start() {
        socket.handler(this::onBytes);
        socket.closeHandler(v -> onClosed());
        socket.exceptionHandler(e -> {
            LOG.debugf("smtp session=%s remote=%s io error: %s", id, remoteAddress, e.getMessage());
            socket.close();
        });
        armIdleTimer();
        LOG.debugf("smtp session=%s listener=%s remote=%s connected", id, listener.name(), remoteAddress);
        write(new SmtpReply(SmtpReplies.C220_READY, null,
                java.util.List.of(services.hostname() + " ESMTP ready")));
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

    private void onBytes(Buffer chunk) {
        if (closing) {
            return;
        }
        armIdleTimer();
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
        while (!busy && !closing) {
            Inbound next = receiver.next();
            if (next == null) {
                return;
            }
            if (next instanceof Inbound.CommandLine line) {
                command(line.bytes());
            } else if (next instanceof Inbound.LineTooLong) {
                LOG.infof("smtp session=%s remote=%s line too long", id, remoteAddress);
                reply("unknown", SmtpReply.of(SmtpReplies.C500_SYNTAX_ERROR, SmtpReplies.E5_5_2, "Line too long"));
            } else if (next instanceof Inbound.DataBytes data) {
                dataBytes(data.bytes());
            } else if (next instanceof Inbound.DataEnd end) {
                run("data", dataHandler().endOfData(this, end.defect()));
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
            reply(verbOf(line), e.reply());
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
        if (reply.code() == SmtpReplies.C354_START_INPUT) {
            receiver.beginData();
            return;
        }
        if (reply.isPermanentFailure() && ++errors >= services.config().maxErrors()) {
            LOG.infof("smtp session=%s remote=%s too many errors", id, remoteAddress);
            closeWith(SmtpReply.of(SmtpReplies.C421_SERVICE_NOT_AVAILABLE, SmtpReplies.E4_7_0,
                    "Too many errors, closing connection"));
        }
    }

    private void dataBytes(byte[] bytes) {
        if (!(state instanceof SmtpState.ReceivingData receiving)) {
            return;
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

    private void onClosed() {
        if (closed) {
            return;
        }
        closed = true;
        closing = true;
        cancelIdleTimer();
        // the client went away mid-DATA: nothing was acknowledged, so nothing is kept
        discardSpool();
        LOG.debugf("smtp session=%s remote=%s closed after %d commands", id, remoteAddress, commands);
        onClose.run();
    }

    private void discardSpool() {
        if (state instanceof SmtpState.ReceivingData receiving) {
            receiving.spool().discard();
            state = receiving.transaction().hello();
            services.metrics().message("aborted");
        }
    }

    private static String verbOf(byte[] line) {
        int n = 0;
        while (n < line.length && n < 8 && line[n] != ' ') {
            n++;
        }
        String verb = new String(line, 0, n, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
        return KNOWN_VERBS.contains(verb) ? verb : "unknown";
    }
}
