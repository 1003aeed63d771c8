package dev.mailplatform.imap.session;

import dev.mailplatform.blobstore.BlobStoreException;
import dev.mailplatform.contracts.api.AppendResult;
import dev.mailplatform.contracts.api.MessageDto;
import dev.mailplatform.contracts.events.MailboxChanged;
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
import dev.mailplatform.imap.protocol.command.SequenceSet;
import dev.mailplatform.mailboxclient.MailboxServiceException;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/** One IMAP connection: feeds the receiver, dispatches one command at a time and writes every reply. */
public final class ImapSession {
    private static final Logger LOG = Logger.getLogger(ImapSession.class);
    /** Past this many events held during one command, the view is simply looked at again. */
    private static final int MAX_HELD_EVENTS = 1024;
    /** Output queued past this many bytes is sent without waiting for the end of the event-loop task. */
    private static final int OUTPUT_BATCH_BYTES = 32 * 1024;
    private static final Set<String> KNOWN_COMMANDS = Set.of("CAPABILITY", "NOOP", "LOGOUT", "LOGIN", "SELECT",
            "EXAMINE", "FETCH", "UID", "STARTTLS", "AUTHENTICATE", "ENABLE", "CREATE", "DELETE", "RENAME",
            "SUBSCRIBE", "UNSUBSCRIBE", "LIST", "LSUB", "NAMESPACE", "STATUS", "APPEND", "CHECK", "CLOSE", "UNSELECT",
            "EXPUNGE", "SEARCH", "SORT", "THREAD", "STORE", "COPY", "MOVE", "IDLE", "ID", "GETQUOTA", "GETQUOTAROOT",
            "COMPRESS");

    /** Extensions a client can switch on with ENABLE (RFC 5161). */
    public enum Enabled {
        CONDSTORE, QRESYNC, UTF8_ACCEPT, IMAP4REV2
    }

    private final Vertx vertx;
    private final Context context;
    private final NetSocket socket;
    private final SessionServices services;
    private final ImapListener listener;
    private final ImapReceiver receiver;
    private final String id;
    private final Consumer<MailboxChanged> changeListener;
    private final Set<Enabled> enabled = new HashSet<>();

    private ImapState state = new ImapState.NotAuthenticated(0);
    private boolean busy;
    private boolean closed;
    private long idleTimer = -1;
    private Promise<Void> writableWaiter;
    private Promise<String> lineWaiter;
    private Supplier<Future<Void>> afterReply;
    private UUID registeredAccount;
    private boolean mailboxDirty;
    /** Change events that arrived while a command ran: judged against the view it leaves behind. */
    private final List<MailboxChanged> heldEvents = new ArrayList<>();
    private boolean idling;
    private Future<Void> syncInFlight;
    private Compression compression;
    private Buffer pendingOutput;
    private String currentTag;

    public ImapSession(Vertx vertx, NetSocket socket, SessionServices services, ImapListener listener) {
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        this.socket = socket;
        this.services = services;
        this.listener = listener;
        this.receiver = new ImapReceiver(new ReceiverLimits(services.config().maxLineLength(),
                services.config().maxLiteralSize()));
        this.id = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        this.changeListener = event -> context.runOnContext(v -> onMailboxChanged(event));
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
        if (registeredAccount == null && (newState instanceof ImapState.Authenticated
                || newState instanceof ImapState.Selected)) {
            registeredAccount = ImapState.accountOf(newState).accountId();
            services.events().register(registeredAccount, changeListener);
        }
        if (!(newState instanceof ImapState.Selected)) {
            mailboxDirty = false;
        }
    }

    public SessionServices services() {
        return services;
    }

    public Vertx vertx() {
        return vertx;
    }

    /** The tag of the command being executed (ESEARCH correlates its response with it, RFC 4731 §3.1). */
    public String currentTag() {
        return currentTag;
    }

    public ImapListener listener() {
        return listener;
    }

    public boolean isTls() {
        return socket.isSsl();
    }

    public String remoteHost() {
        return socket.remoteAddress() == null ? "unknown" : socket.remoteAddress().hostAddress();
    }

    /**
     * RFC 9051 §6.2.3 / §11.1: passwords only over TLS, unless the operator allows plaintext and the client is on
     * this host (loopback never leaves the machine).
     */
    public boolean plaintextAuthAllowed() {
        return isTls() || (services.config().allowPlaintextAuth() && isLoopback());
    }

    private boolean isLoopback() {
        String host = remoteHost();
        return host.startsWith("127.") || host.equals("::1") || host.equals("0:0:0:0:0:0:0:1");
    }

    public boolean isEnabled(Enabled extension) {
        return enabled.contains(extension);
    }

    public void enable(Enabled extension) {
        enabled.add(extension);
    }

    /** RFC 6855 §3 / RFC 9051: UTF-8 in mailbox names and quoted strings. */
    public boolean utf8() {
        return enabled.contains(Enabled.UTF8_ACCEPT) || enabled.contains(Enabled.IMAP4REV2);
    }

    /** RFC 9051 dropped \Recent and the RECENT response; rev1 sessions keep them (RFC 3501 §2.3.2). */
    public boolean reportsRecent() {
        return !enabled.contains(Enabled.IMAP4REV2);
    }

    /** RFC 7162 §3.1: once CONDSTORE is in use, FETCH responses carry MODSEQ. */
    public boolean condstore() {
        return enabled.contains(Enabled.CONDSTORE) || enabled.contains(Enabled.QRESYNC);
    }

    public String capabilities() {
        StringBuilder caps = new StringBuilder("IMAP4rev1 IMAP4rev2 LITERAL+ SASL-IR ENABLE ID IDLE NAMESPACE");
        if (state instanceof ImapState.NotAuthenticated) {
            if (!isTls() && listener.security() == ImapListener.Security.STARTTLS) {
                caps.append(" STARTTLS");
            }
            // RFC 9051 §6.2.3: LOGINDISABLED when LOGIN is refused on this connection
            caps.append(plaintextAuthAllowed() ? " AUTH=PLAIN AUTH=LOGIN" : " LOGINDISABLED");
        }
        caps.append(" UNSELECT UIDPLUS MOVE CHILDREN SPECIAL-USE CREATE-SPECIAL-USE LIST-EXTENDED LIST-STATUS"
                + " CONDSTORE QRESYNC ESEARCH QUOTA QUOTA=RES-STORAGE QUOTA=RES-MESSAGE SORT THREAD=REFERENCES"
                + " UTF8=ACCEPT BINARY");
        if (compression == null) {
            caps.append(" COMPRESS=DEFLATE");
        }
        return caps.toString();
    }

    public boolean isClosed() {
        return closed;
    }

    public void write(String text) {
        write(Buffer.buffer(text.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Queues output. Everything written during one event-loop task (a command's untagged lines and its tagged reply,
     * a FETCH of many messages) leaves in one socket write when the task ends, not a system call per line; past
     * {@link #OUTPUT_BATCH_BYTES} it is sent at once, so the batch stays small and back-pressure still applies.
     */
    public void write(Buffer data) {
        if (closed) {
            return;
        }
        if (pendingOutput == null) {
            pendingOutput = Buffer.buffer(Math.max(512, data.length()));
            context.runOnContext(v -> flushOutput());
        }
        pendingOutput.appendBuffer(data);
        if (pendingOutput.length() >= OUTPUT_BATCH_BYTES) {
            flushOutput();
        }
    }

    private void flushOutput() {
        Buffer out = pendingOutput;
        pendingOutput = null;
        if (out != null && !closed) {
            socket.write(compression == null ? out : compression.deflate(out));
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

    /**
     * Sends a continuation request and completes with the client's next line (AUTHENTICATE, RFC 9051 §6.2.2; DONE of
     * IDLE, RFC 2177). Reading resumes only for that line.
     */
    public Future<String> awaitLine(String continuation) {
        write("+ " + continuation + ImapResponses.CRLF);
        Promise<String> waiter = Promise.promise();
        lineWaiter = waiter;
        receiver.expectContinuationLine();
        socket.resume();
        context.runOnContext(v -> pump()); // the line may already be buffered
        return waiter.future();
    }

    /** Runs after the tagged OK of the current command is written and before the next command is read. */
    public void afterReply(Supplier<Future<Void>> action) {
        this.afterReply = action;
    }

    /** STARTTLS (RFC 9051 §6.2.1): octets sent before the handshake are discarded, never executed. */
    public Future<Void> upgradeToTls() {
        int dropped = receiver.discardBuffered();
        if (dropped > 0) {
            LOG.infof("imap session=%s discarded %d octets pipelined after STARTTLS", id, dropped);
        }
        flushOutput(); // the tagged OK goes out in the clear, before the handshake
        socket.resume();
        return socket.upgradeToSsl();
    }

    /** COMPRESS=DEFLATE (RFC 4978): everything after the tagged OK is compressed in both directions. */
    public Future<Void> startCompression() {
        flushOutput(); // the tagged OK is the last uncompressed output
        compression = new Compression(services.config().maxLineLength() + services.config().maxLiteralSize());
        return Future.succeededFuture();
    }

    public boolean isCompressed() {
        return compression != null;
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

    // ---- the selected mailbox view ----

    /** The flag list as this session shows it: \Recent added for rev1 (RFC 3501 §2.3.2). */
    public String flagList(SelectedMailbox box, MessageDto m) {
        List<String> flags = m.flags() == null ? List.of() : m.flags();
        if (reportsRecent() && box.isRecent(m)) {
            List<String> with = new ArrayList<>(flags);
            with.add("\\Recent");
            flags = with;
        }
        return ImapResponses.flagList(flags);
    }

    /** IDLE (RFC 2177): from now on, changes are pushed as they happen. */
    public void startIdle() {
        idling = true;
        judgeHeldEvents();
        if (mailboxDirty) {
            pushChanges();
        }
    }

    /** Ends IDLE; completes once a push in progress has been written, so the tagged OK comes after it. */
    public Future<Void> stopIdle() {
        idling = false;
        return syncInFlight == null ? Future.succeededFuture() : syncInFlight.transform(ar -> Future.succeededFuture());
    }

    /**
     * Looks at the selected mailbox again and reports what changed: EXPUNGE (or VANISHED with QRESYNC, RFC 7162
     * §3.2.10) only when {@code allowExpunge} (RFC 9051 §7.5.1), flag changes as FETCH, new messages as EXISTS (and
     * RECENT for rev1).
     */
    public Future<Void> synchronize(boolean allowExpunge) {
        if (syncInFlight != null) {
            return syncInFlight.transform(ar -> synchronize(allowExpunge));
        }
        if (!(state instanceof ImapState.Selected selected)) {
            return Future.succeededFuture();
        }
        mailboxDirty = false;
        String name = selected.mailbox().name();
        Future<Void> sync = services.mailboxClient().messages(selected.account().accountId(), name)
                .map(fresh -> {
                    if (state instanceof ImapState.Selected now && now.mailbox().name().equals(name)) {
                        applyView(fresh, allowExpunge);
                    }
                    return (Void) null;
                });
        return inFlight(sync);
    }

    /** Marks a look at the mailbox as running until it completes: others wait for it rather than overlap. */
    private Future<Void> inFlight(Future<Void> sync) {
        syncInFlight = sync;
        return sync.onComplete(ar -> {
            if (syncInFlight == sync) {
                syncInFlight = null;
            }
        });
    }

    /**
     * Announces messages added to the selected mailbox after this session's own APPEND (RFC 9051 §6.3.12: EXISTS
     * before the tagged OK). When the view is otherwise current and the appended message directly follows it
     * (UIDs are assigned in commit order, so nothing can lie between), the message the service returned is added
     * as it is; otherwise only the UIDs above the view are listed, or the whole mailbox when the view is stale.
     */
    public Future<Void> synchronizeAdded(AppendResult appended) {
        if (!(state instanceof ImapState.Selected selected) || viewMayBeStale() || syncInFlight != null) {
            return synchronize(true);
        }
        SelectedMailbox box = selected.mailbox();
        long above = box.uidsSeenUpTo();
        if (appended.message() != null && appended.uidValidity() == box.uidValidity()
                && appended.uid() == above + 1) {
            addToView(box, List.of(appended.message()));
            return Future.succeededFuture();
        }
        if (above >= SequenceSet.MAX_NUMBER) {
            return Future.succeededFuture();
        }
        return inFlight(services.mailboxClient().messages(selected.account().accountId(), box.name(),
                (above + 1) + ":" + SequenceSet.MAX_NUMBER, false, false).map(added -> {
                    if (state instanceof ImapState.Selected now && now.mailbox() == box) {
                        addToView(box, added);
                    }
                    return (Void) null;
                }));
    }

    /** Appends messages above the view's UIDs to it and announces them (EXISTS, RECENT). */
    private void addToView(SelectedMailbox box, List<MessageDto> added) {
        List<MessageDto> view = new ArrayList<>(box.messages().size() + added.size());
        view.addAll(box.messages());
        view.addAll(added);
        applyView(view, false);
    }

    /**
     * Whether the view may miss changes: a change event arrived, or the event feed is not (yet) connected so none
     * would arrive. Otherwise metadata can be answered from the view without asking the mailbox service.
     */
    public boolean viewMayBeStale() {
        return mailboxDirty || !services.events().isAssigned();
    }

    /**
     * Refreshes the view for a command that must not announce expunges (unless {@code allowExpunge}) and returns the
     * UIDs that still exist; messages expunged elsewhere stay in the view, so the change stays pending.
     */
    public Future<Set<Long>> refreshView(boolean allowExpunge) {
        if (!(state instanceof ImapState.Selected selected)) {
            return Future.succeededFuture(Set.of());
        }
        String name = selected.mailbox().name();
        return services.mailboxClient().messages(selected.account().accountId(), name).map(fresh -> {
            Set<Long> present = new HashSet<>(fresh.size() * 2);
            fresh.forEach(m -> present.add(m.uid()));
            if (state instanceof ImapState.Selected now && now.mailbox().name().equals(name)) {
                SelectedMailbox view = applyView(fresh, allowExpunge);
                mailboxDirty = view.messages().size() != fresh.size();
            }
            return present;
        });
    }

    /** Merges a fresh message list into the view, writing the untagged updates; returns the new view. */
    public SelectedMailbox applyView(List<MessageDto> fresh, boolean allowExpunge) {
        ImapState.Selected selected = (ImapState.Selected) state;
        SelectedMailbox box = selected.mailbox();
        Map<Long, MessageDto> freshByUid = new HashMap<>(fresh.size() * 2);
        long highestModseq = box.highestModseq();
        for (MessageDto m : fresh) {
            freshByUid.put(m.uid(), m);
            highestModseq = Math.max(highestModseq, m.modseq());
        }
        List<MessageDto> view = new ArrayList<>(fresh.size());
        List<Long> vanished = new ArrayList<>();
        List<Integer> changedSeqs = new ArrayList<>();
        boolean qresync = isEnabled(Enabled.QRESYNC);
        int seq = 1;
        for (MessageDto old : box.messages()) {
            MessageDto current = freshByUid.get(old.uid());
            if (current == null && allowExpunge) {
                if (qresync) {
                    vanished.add(old.uid());
                } else {
                    // each EXPUNGE renumbers the following messages, so the next one keeps this number
                    write(ImapResponses.untagged(seq + " EXPUNGE"));
                }
                continue;
            }
            if (current == null) {
                view.add(old); // still visible until an expunge may be announced
            } else {
                if (!sameFlags(old, current)) {
                    changedSeqs.add(seq);
                }
                view.add(current);
            }
            seq++;
        }
        if (!vanished.isEmpty()) {
            write(ImapResponses.untagged("VANISHED " + MessageSets.compact(vanished)));
        }
        long largest = box.largestUid();
        int before = view.size();
        for (MessageDto m : fresh) {
            if (m.uid() > largest) {
                view.add(m);
            }
        }
        SelectedMailbox next = new SelectedMailbox(box.name(), box.readOnly(), box.uidValidity(), view,
                box.recentFromUid() == Long.MAX_VALUE ? largest + 1 : box.recentFromUid(), highestModseq,
                box.uidsSeenUpTo());
        for (int changed : changedSeqs) {
            MessageDto m = view.get(changed - 1);
            write(ImapResponses.untagged(changed + " FETCH (UID " + m.uid() + " FLAGS " + flagList(next, m)
                    + (condstore() ? " MODSEQ (" + m.modseq() + ")" : "") + ")"));
        }
        // RFC 9051 §7.4.1: EXISTS when the count grows; expunges already told the client about decrements
        if (view.size() != before) {
            write(ImapResponses.untagged(view.size() + " EXISTS"));
            if (reportsRecent()) {
                write(ImapResponses.untagged(next.recentCount() + " RECENT"));
            }
        }
        setState(new ImapState.Selected(selected.account(), next));
        return next;
    }

    /**
     * Takes messages this session expunged (or moved away) out of the view, telling the client with EXPUNGE, or
     * VANISHED once QRESYNC is enabled (RFC 7162 §3.2.10).
     */
    public void removeFromView(java.util.Collection<Long> uids) {
        if (!(state instanceof ImapState.Selected selected) || uids.isEmpty()) {
            return;
        }
        Set<Long> gone = new HashSet<>(uids);
        List<MessageDto> kept = new ArrayList<>();
        List<Long> vanished = new ArrayList<>();
        int seq = 1;
        for (MessageDto m : selected.mailbox().messages()) {
            if (gone.contains(m.uid())) {
                if (isEnabled(Enabled.QRESYNC)) {
                    vanished.add(m.uid());
                } else {
                    write(ImapResponses.untagged(seq + " EXPUNGE"));
                }
            } else {
                kept.add(m);
                seq++;
            }
        }
        if (!vanished.isEmpty()) {
            write(ImapResponses.untagged("VANISHED " + MessageSets.compact(vanished)));
        }
        setState(new ImapState.Selected(selected.account(), selected.mailbox().withMessages(kept)));
    }

    /** Replaces messages of the view with newer metadata (after this session's own STORE), keeping their order. */
    public void updateInView(Map<Long, MessageDto> updated) {
        if (!(state instanceof ImapState.Selected selected) || updated.isEmpty()) {
            return;
        }
        List<MessageDto> view = new ArrayList<>(selected.mailbox().messages().size());
        long highest = selected.mailbox().highestModseq();
        for (MessageDto m : selected.mailbox().messages()) {
            MessageDto newer = updated.get(m.uid());
            view.add(newer == null ? m : newer);
            if (newer != null) {
                highest = Math.max(highest, newer.modseq());
            }
        }
        setState(new ImapState.Selected(selected.account(),
                selected.mailbox().withMessages(view).withHighestModseq(highest)));
    }

    private static boolean sameFlags(MessageDto a, MessageDto b) {
        List<String> fa = a.flags() == null ? List.of() : a.flags();
        List<String> fb = b.flags() == null ? List.of() : b.flags();
        return fa.size() == fb.size() && new HashSet<>(fa).equals(new HashSet<>(fb));
    }

    private void onMailboxChanged(MailboxChanged event) {
        if (closed) {
            return;
        }
        if (busy && !idling) {
            // the running command may be the change's author, or a SELECT whose listing predates it: judged against
            // the view the command leaves behind
            if (heldEvents.size() < MAX_HELD_EVENTS) {
                heldEvents.add(event);
            } else {
                heldEvents.clear();
                mailboxDirty = true;
            }
            return;
        }
        judge(event);
    }

    private void judge(MailboxChanged event) {
        if (!(state instanceof ImapState.Selected selected)) {
            return;
        }
        SelectedMailbox box = selected.mailbox();
        if ((event.mailboxName() != null && !event.mailboxName().equals(box.name())) || box.reflects(event)) {
            return;
        }
        mailboxDirty = true;
        if (idling) {
            pushChanges();
        }
    }

    private void judgeHeldEvents() {
        heldEvents.forEach(this::judge);
        heldEvents.clear();
    }

    private void pushChanges() {
        if (syncInFlight != null) {
            return; // the running sync is followed by another one below if needed
        }
        synchronize(true).onComplete(ar -> {
            if (ar.failed()) {
                LOG.debugf("imap session=%s push failed: %s", id, ar.cause().getMessage());
            } else if (idling && mailboxDirty) {
                pushChanges();
            }
        });
    }

    // ---- input ----

    private void onData(Buffer data) {
        touch();
        if (compression != null) {
            try {
                receiver.feed(compression.inflate(data.getBytes()));
            } catch (IOException e) {
                LOG.infof("imap session=%s bad compressed input: %s", id, e.getMessage());
                reply(ProtocolException.bye("Invalid compressed data"));
                return;
            }
        } else {
            receiver.feed(data.getBytes());
        }
        pump();
    }

    private void pump() {
        while (!closed) {
            if (busy && lineWaiter == null) {
                return;
            }
            ReceiverEvent event = receiver.next();
            if (event instanceof ReceiverEvent.NeedsMoreData) {
                return;
            } else if (event instanceof ReceiverEvent.Line line) {
                Promise<String> waiter = lineWaiter;
                lineWaiter = null;
                socket.pause();
                if (waiter != null) {
                    waiter.complete(line.text());
                }
            } else if (lineWaiter != null && event instanceof ReceiverEvent.Rejected rejected) {
                Promise<String> waiter = lineWaiter;
                lineWaiter = null;
                socket.pause();
                waiter.fail(rejected.error());
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
        currentTag = request.tag();
        socket.pause();
        long start = System.nanoTime();
        String label = KNOWN_COMMANDS.contains(request.name()) ? request.name().toLowerCase() : "unknown";
        Future<Completion> result;
        ImapCommand command = null;
        try {
            command = CommandParser.parse(request, utf8());
            label = command.metricName();
            result = dispatch(command);
        } catch (RuntimeException e) {
            result = Future.failedFuture(e);
        }
        String metricLabel = label;
        ImapCommand parsed = command;
        result.onComplete(ar -> finish(request, parsed, metricLabel, start, ar));
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

    /**
     * RFC 9051 §7.5.1: after any command except FETCH, STORE and SEARCH by sequence number (and the commands that
     * report changes themselves), pending changes of the selected mailbox are reported before the tagged reply.
     */
    private static boolean mayReportAfter(ImapCommand command) {
        if (command == null) {
            return false;
        }
        if (command instanceof ImapCommand.Fetch f) {
            return f.byUid();
        }
        if (command instanceof ImapCommand.Store st) {
            return st.byUid();
        }
        if (command instanceof ImapCommand.Search se) {
            return se.byUid();
        }
        return !(command instanceof ImapCommand.Noop || command instanceof ImapCommand.Check
                || command instanceof ImapCommand.Idle || command instanceof ImapCommand.Select
                || command instanceof ImapCommand.Close || command instanceof ImapCommand.Logout);
    }

    private void finish(Request request, ImapCommand command, String label, long start,
            AsyncResult<Completion> ar) {
        judgeHeldEvents();
        Future<Void> updates = ar.succeeded() && mailboxDirty && mayReportAfter(command)
                && state instanceof ImapState.Selected
                ? synchronize(true).recover(e -> Future.succeededFuture()) : Future.succeededFuture();
        updates.onComplete(ignored -> reply(request, label, start, ar));
    }

    private void reply(Request request, String label, long start, AsyncResult<Completion> ar) {
        String result;
        if (ar.succeeded()) {
            Completion done = ar.result();
            write(ImapResponses.tagged(request.tag(), "OK", done.code(), done.text()));
            result = "ok";
        } else {
            ProtocolException error = translate(ar.cause()).withTag(request.tag());
            result = closed ? "io" : resultOf(error);
            afterReply = null;
            reply(error);
        }
        long elapsed = System.nanoTime() - start;
        services.metrics().command(label, result, elapsed);
        LOG.debugf("imap session=%s tenant=%s command=%s result=%s elapsed_ms=%d", id, tenantOf(state), label,
                result, elapsed / 1_000_000);
        if (state instanceof ImapState.LoggedOut) {
            close();
        }
        Supplier<Future<Void>> action = afterReply;
        afterReply = null;
        Future<Void> then = action == null || closed ? Future.succeededFuture() : action.get();
        then.onComplete(done -> {
            if (done.failed()) {
                LOG.infof("imap session=%s post-reply step failed: %s", id, done.cause().getMessage());
                close();
            }
            busy = false;
            judgeHeldEvents();
            if (!closed) {
                socket.resume();
                touch();
                pump();
            }
        });
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
        if (closed) {
            // the client went away mid-command (e.g. during IDLE): nothing to answer, nothing to alarm anyone about
            return ProtocolException.bye("Connection closed");
        }
        if (cause instanceof MailboxServiceException mse) {
            LOG.warnf("imap session=%s mailbox service failure: %s", id, mse.getMessage());
            if (mse.status() == 404) {
                return ProtocolException.no(ResponseCode.NONEXISTENT, "No such mailbox");
            }
            if (mse.status() == 413) {
                return ProtocolException.no(ResponseCode.OVERQUOTA, "Quota exceeded");
            }
            if (mse.status() == 409) {
                return ProtocolException.no(ResponseCode.ALREADYEXISTS, "Mailbox already exists");
            }
            if (mse.status() >= 400 && mse.status() < 500) {
                return ProtocolException.no(ResponseCode.CANNOT, "Refused by the mailbox service");
            }
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
            flushOutput();
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
        if (registeredAccount != null) {
            services.events().unregister(registeredAccount, changeListener);
        }
        if (compression != null) {
            compression.close();
        }
        services.metrics().sessionClosed();
        Promise<Void> waiter = writableWaiter;
        writableWaiter = null;
        if (waiter != null) {
            waiter.tryFail(new IOException("connection closed"));
        }
        Promise<String> line = lineWaiter;
        lineWaiter = null;
        if (line != null) {
            line.tryFail(new IOException("connection closed"));
        }
        LOG.debugf("imap session=%s closed", id);
    }
}
