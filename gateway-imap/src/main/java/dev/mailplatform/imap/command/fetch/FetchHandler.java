package dev.mailplatform.imap.command.fetch;

import dev.mailplatform.contracts.api.BodyPartDto;
import dev.mailplatform.contracts.api.MessageDto;
import dev.mailplatform.contracts.api.StoreFlagsRequest;
import dev.mailplatform.contracts.api.StoreFlagsResult;
import dev.mailplatform.imap.command.CommandHandler;
import dev.mailplatform.imap.command.Completion;
import dev.mailplatform.imap.command.Vanished;
import dev.mailplatform.imap.error.ProtocolException;
import dev.mailplatform.imap.error.ResponseCode;
import dev.mailplatform.imap.protocol.FetchFormat;
import dev.mailplatform.imap.protocol.HeaderFields;
import dev.mailplatform.imap.protocol.ImapResponses;
import dev.mailplatform.imap.protocol.command.FetchAttribute;
import dev.mailplatform.imap.protocol.command.ImapCommand;
import dev.mailplatform.imap.session.ImapSession;
import dev.mailplatform.imap.session.ImapState;
import dev.mailplatform.imap.session.MessageSets;
import dev.mailplatform.imap.session.SelectedMailbox;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.james.mime4j.codec.Base64InputStream;
import org.apache.james.mime4j.codec.QuotedPrintableInputStream;
import org.jboss.logging.Logger;

/**
 * FETCH and UID FETCH, selected state. RFC 9051 §6.4.5, §6.4.9; RFC 3516 (BINARY, BINARY.SIZE); RFC 7162 §3.1.4
 * (CHANGEDSINCE, MODSEQ) and §3.2.6 (VANISHED). Metadata comes from the session's view (refreshed when a change event
 * arrived), ENVELOPE and BODYSTRUCTURE from what the mailbox service parsed at delivery, bodies straight from S3 as
 * literals, sections and partial fetches as range reads.
 *
 * <p>During FETCH by sequence number new messages may be announced (EXISTS) but no EXPUNGE (RFC 9051 §7.5.1);
 * messages expunged elsewhere are left out of the answer (RFC 2180 §4.1.2) and reported at the next allowed moment.
 * Fetching a body section without .PEEK sets \Seen (RFC 9051 §6.4.5), and the new flags are returned with it.
 */
public final class FetchHandler implements CommandHandler<ImapCommand.Fetch> {
    private static final Logger LOG = Logger.getLogger(FetchHandler.class);

    /** What one item of one message answers with: text, an in-memory literal or a literal streamed from S3. */
    private sealed interface Piece {
    }

    private record Text(String text) implements Piece {
    }

    private record Bytes(byte[] content, boolean binary) implements Piece {
    }

    private record Stream(long offset, long length) implements Piece {
    }

    @Override
    public Set<Class<? extends ImapState>> allowedIn() {
        return ImapState.SELECTED;
    }

    @Override
    public Future<Completion> handle(ImapSession session, ImapCommand.Fetch command) {
        if (command.changedSince() != null) {
            session.enable(ImapSession.Enabled.CONDSTORE); // RFC 7162 §3.1: a CONDSTORE-enabling command
        }
        Future<Set<Long>> present = session.viewMayBeStale() ? session.refreshView(command.byUid())
                : Future.succeededFuture(null);
        String name = command.byUid() ? "UID FETCH" : "FETCH";
        return present.compose(p -> run(session, command, p)).map(v -> Completion.ok(name + " completed"));
    }

    private Future<Void> run(ImapSession session, ImapCommand.Fetch command, Set<Long> present) {
        ImapState.Selected selected = (ImapState.Selected) session.state();
        SelectedMailbox view = selected.mailbox();
        List<MessageSets.Target> targets = new ArrayList<>();
        for (MessageSets.Target t : MessageSets.resolve(view, command.set(), command.byUid())) {
            if ((present == null || present.contains(t.message().uid()))
                    && (command.changedSince() == null || t.message().modseq() > command.changedSince())) {
                targets.add(t);
            }
        }
        Future<Void> vanished = command.vanished() ? vanished(session, command) : Future.succeededFuture();
        return vanished.compose(v -> details(session, command, targets))
                .compose(details -> markSeen(session, command, targets).compose(seen -> {
                    Promise<Void> done = Promise.promise();
                    send(session, command, targets, details, seen, 0, done);
                    return done.future();
                }));
    }

    /** RFC 7162 §3.2.6: UIDs of the set expunged since CHANGEDSINCE, as VANISHED (EARLIER). */
    private static Future<Void> vanished(ImapSession session, ImapCommand.Fetch command) {
        ImapState.Selected selected = (ImapState.Selected) session.state();
        return session.services().mailboxClient()
                .changes(selected.account().accountId(), selected.mailbox().name(), command.changedSince())
                .map(changes -> {
                    String gone = Vanished.earlier(changes, selected.mailbox(), command.set());
                    if (!gone.isEmpty()) {
                        session.write(ImapResponses.untagged("VANISHED (EARLIER) " + gone));
                    }
                    return null;
                });
    }

    /** ENVELOPE and BODYSTRUCTURE (also needed to locate sections) in one round trip, only when asked for. */
    private static Future<Map<Long, MessageDto>> details(ImapSession session, ImapCommand.Fetch command,
            List<MessageSets.Target> targets) {
        boolean envelope = command.has(FetchAttribute.Simple.ENVELOPE);
        boolean structure = command.has(FetchAttribute.Simple.BODYSTRUCTURE) || command.has(
                FetchAttribute.Simple.BODY) || command.items().stream().anyMatch(i ->
                i instanceof FetchAttribute.Section s && SectionLocator.needsStructure(s));
        if (targets.isEmpty() || (!envelope && !structure)) {
            return Future.succeededFuture(Map.of());
        }
        ImapState.Selected selected = (ImapState.Selected) session.state();
        return session.services().mailboxClient().messages(selected.account().accountId(),
                selected.mailbox().name(), MessageSets.compact(MessageSets.uids(targets)), envelope, structure)
                .map(list -> {
                    Map<Long, MessageDto> byUid = new HashMap<>(list.size() * 2);
                    list.forEach(m -> byUid.put(m.uid(), m));
                    return byUid;
                });
    }

    /** Sets \Seen on unseen targets when a non-PEEK section is fetched from a read-write mailbox. */
    private static Future<Set<Long>> markSeen(ImapSession session, ImapCommand.Fetch command,
            List<MessageSets.Target> targets) {
        ImapState.Selected selected = (ImapState.Selected) session.state();
        boolean setsSeen = command.items().stream().anyMatch(i -> i instanceof FetchAttribute.Section s
                && s.setsSeen());
        if (!setsSeen || selected.mailbox().readOnly()) {
            return Future.succeededFuture(Set.of());
        }
        List<Long> unseen = new ArrayList<>();
        Map<Long, MessageDto> byUid = new HashMap<>();
        for (MessageSets.Target t : targets) {
            if (t.message().flags() == null || !t.message().flags().contains("\\Seen")) {
                unseen.add(t.message().uid());
                byUid.put(t.message().uid(), t.message());
            }
        }
        if (unseen.isEmpty()) {
            return Future.succeededFuture(Set.of());
        }
        StoreFlagsRequest request = new StoreFlagsRequest(MessageSets.compact(unseen), "ADD", List.of("\\Seen"),
                null);
        return session.services().mailboxClient()
                .storeFlags(selected.account().accountId(), selected.mailbox().name(), request)
                .map(result -> {
                    Map<Long, MessageDto> updated = new HashMap<>();
                    for (StoreFlagsResult.FlagUpdate u : result.updated()) {
                        MessageDto old = byUid.get(u.uid());
                        if (old != null) {
                            updated.put(u.uid(), withFlags(old, u.flags(), u.modseq()));
                        }
                    }
                    session.updateInView(updated);
                    return new HashSet<>(updated.keySet());
                });
    }

    private static MessageDto withFlags(MessageDto m, List<String> flags, long modseq) {
        return new MessageDto(m.uid(), modseq, m.size(), m.internalDate(), flags, m.blobKey(), m.threadId(),
                m.envelope(), m.bodyStructure());
    }

    /** One message after the other; waits while the socket is full, so a large set does not pile up in memory. */
    private static void send(ImapSession session, ImapCommand.Fetch command, List<MessageSets.Target> targets,
            Map<Long, MessageDto> details, Set<Long> seenNow, int from, Promise<Void> done) {
        try {
            sendFrom(session, command, targets, details, seenNow, from, done);
        } catch (RuntimeException e) {
            // also reached from write-queue callbacks, where a throw would be lost and the command never end
            done.tryFail(e);
        }
    }

    private static void sendFrom(ImapSession session, ImapCommand.Fetch command, List<MessageSets.Target> targets,
            Map<Long, MessageDto> details, Set<Long> seenNow, int from, Promise<Void> done) {
        int index = from;
        while (index < targets.size()) {
            if (session.isClosed()) {
                done.tryFail(ProtocolException.bye("Connection closed"));
                return;
            }
            if (session.writeQueueFull()) {
                int resumeAt = index;
                session.whenWritable().onComplete(ar -> {
                    if (ar.succeeded()) {
                        send(session, command, targets, details, seenNow, resumeAt, done);
                    } else {
                        done.tryFail(ar.cause());
                    }
                });
                return;
            }
            MessageSets.Target target = targets.get(index++);
            // the view holds the newest flags (after \Seen was set by this FETCH)
            SelectedMailbox view = ((ImapState.Selected) session.state()).mailbox();
            int viewSeq = view.seqOf(target.message().uid());
            MessageDto current = viewSeq > 0 ? view.messages().get(viewSeq - 1) : target.message();
            MessageDto detail = details.get(current.uid());
            if (!command.needsBody()) {
                session.write(metadataLine(session, view, command, target.seq(), current, detail,
                        seenNow.contains(current.uid())));
                continue;
            }
            int next = index;
            writeWithBodies(session, view, command, target.seq(), current, detail, seenNow.contains(current.uid()))
                    .onComplete(ar -> {
                        if (ar.succeeded()) {
                            send(session, command, targets, details, seenNow, next, done);
                        } else {
                            done.tryFail(ar.cause());
                        }
                    });
            return;
        }
        done.tryComplete();
    }

    private static String metadataLine(ImapSession session, SelectedMailbox view, ImapCommand.Fetch command,
            int seq, MessageDto m, MessageDto detail, boolean seenChanged) {
        StringBuilder line = new StringBuilder("* ").append(seq).append(" FETCH (");
        boolean first = true;
        for (FetchAttribute item : command.items()) {
            line.append(first ? "" : " ");
            first = false;
            appendSimple(line, session, view, (FetchAttribute.Simple) item, m, detail);
        }
        appendImplicitFlags(line, session, view, command, m, seenChanged);
        return line.append(')').append(ImapResponses.CRLF).toString();
    }

    /** RFC 9051 §6.4.5: when fetching sets \Seen, the changed FLAGS are part of the response. */
    private static void appendImplicitFlags(StringBuilder line, ImapSession session, SelectedMailbox view,
            ImapCommand.Fetch command, MessageDto m, boolean seenChanged) {
        if (seenChanged && !command.has(FetchAttribute.Simple.FLAGS)) {
            line.append(" FLAGS ").append(session.flagList(view, m));
        }
    }

    private static void appendSimple(StringBuilder line, ImapSession session, SelectedMailbox view,
            FetchAttribute.Simple item, MessageDto m, MessageDto detail) {
        line.append(item.responseName()).append(' ');
        boolean utf8 = session.utf8();
        switch (item) {
            case UID -> line.append(m.uid());
            case FLAGS -> line.append(session.flagList(view, m));
            case INTERNALDATE -> line.append(ImapResponses.internalDate(m.internalDate()));
            case RFC822_SIZE -> line.append(m.size());
            case MODSEQ -> line.append('(').append(m.modseq()).append(')');
            case ENVELOPE -> line.append(FetchFormat.envelope(detail == null ? null : detail.envelope(), utf8));
            case BODYSTRUCTURE, BODY -> {
                BodyPartDto structure = detail == null ? null : detail.bodyStructure();
                if (structure == null) {
                    throw ProtocolException.no(ResponseCode.UNAVAILABLE, "Message structure unavailable");
                }
                line.append(FetchFormat.bodyStructure(structure, item == FetchAttribute.Simple.BODYSTRUCTURE,
                        utf8));
            }
            default -> throw new IllegalArgumentException("not simple: " + item);
        }
    }

    /**
     * Small sections (filtered headers, decoded BINARY parts) are read before anything of this message is written,
     * so a store failure fails the command cleanly with NO; once octets are on the wire, a failure ends the
     * connection.
     */
    private static Future<Void> writeWithBodies(ImapSession session, SelectedMailbox view, ImapCommand.Fetch command,
            int seq, MessageDto m, MessageDto detail, boolean seenChanged) {
        BodyPartDto root = detail == null ? null : detail.bodyStructure();
        List<Future<Piece>> pieces = new ArrayList<>();
        for (FetchAttribute item : command.items()) {
            if (item instanceof FetchAttribute.Simple simple) {
                StringBuilder text = new StringBuilder();
                appendSimple(text, session, view, simple, m, detail);
                pieces.add(Future.succeededFuture(new Text(text.toString())));
            } else {
                pieces.add(section(session, (FetchAttribute.Section) item, m, root));
            }
        }
        return Future.all(pieces).compose(all -> {
            List<Piece> ready = new ArrayList<>();
            for (int i = 0; i < pieces.size(); i++) {
                String separator = i == 0 ? "" : " ";
                Piece p = pieces.get(i).result();
                if (p instanceof Text t) {
                    ready.add(new Text(separator + t.text()));
                } else if (p instanceof Combined c) {
                    ready.add(new Text(separator + c.name()));
                    ready.add(c.literal());
                }
            }
            StringBuilder tail = new StringBuilder();
            appendImplicitFlags(tail, session, view, command, m, seenChanged);
            tail.append(')').append(ImapResponses.CRLF);
            Promise<Void> done = Promise.promise();
            Buffer head = Buffer.buffer("* " + seq + " FETCH (");
            writePieces(session, m, ready, 0, head, tail.toString(), done);
            return done.future().recover(e -> {
                LOG.warnf("imap session=%s streaming message uid=%d failed: %s", session.id(), m.uid(),
                        e.getMessage());
                return Future.failedFuture(ProtocolException.bye("Message data could not be sent, closing"));
            });
        });
    }

    private static void writePieces(ImapSession session, MessageDto m, List<Piece> pieces, int from, Buffer pending,
            String tail, Promise<Void> done) {
        for (int i = from; i < pieces.size(); i++) {
            Piece piece = pieces.get(i);
            if (piece instanceof Text t) {
                pending.appendString(t.text());
            } else if (piece instanceof Bytes b) {
                boolean literal8 = b.binary() && containsNul(b.content());
                pending.appendString((literal8 ? "~{" : "{") + b.content().length + "}" + ImapResponses.CRLF)
                        .appendBytes(b.content());
            } else if (piece instanceof Stream s) {
                session.write(pending);
                int next = i + 1;
                BodyStreamer.openRange(session, m.blobKey(), m.size(), s.offset(), s.length())
                        .compose(body -> BodyStreamer.writeLiteral(session, body))
                        .onComplete(ar -> {
                            if (ar.succeeded()) {
                                writePieces(session, m, pieces, next, Buffer.buffer(), tail, done);
                            } else {
                                done.tryFail(ar.cause());
                            }
                        });
                return;
            }
        }
        session.write(pending.appendString(tail));
        done.tryComplete();
    }

    /** The item name followed by its content, as one or two pieces. */
    private static Future<Piece> section(ImapSession session, FetchAttribute.Section s, MessageDto m,
            BodyPartDto root) {
        if (SectionLocator.needsStructure(s) && root == null) {
            return Future.failedFuture(ProtocolException.no(ResponseCode.UNAVAILABLE,
                    "Message structure unavailable"));
        }
        SectionLocator.Range range = SectionLocator.locate(s, root, m.size());
        long start = Math.min(range.start(), m.size());
        long end = Math.min(Math.max(range.end(), start), m.size());
        String name = s.responseName() + " ";
        boolean headerFields = "HEADER.FIELDS".equals(s.text()) || "HEADER.FIELDS.NOT".equals(s.text());
        boolean decode = (s.kind() == FetchAttribute.SectionKind.BINARY
                || s.kind() == FetchAttribute.SectionKind.BINARY_SIZE) && !s.part().isEmpty();
        if (s.kind() == FetchAttribute.SectionKind.BINARY_SIZE && !decode) {
            return Future.succeededFuture(new Text(name + (end - start)));
        }
        if (!headerFields && !decode) {
            long[] window = partial(s, end - start);
            return Future.succeededFuture(new Combined(name, new Stream(start + window[0], window[1])));
        }
        long length = end - start;
        long cap = headerFields ? session.services().config().maxHeaderSize()
                : session.services().config().maxBinaryDecodeSize();
        if (decode && length > cap) {
            return Future.failedFuture(ProtocolException.no(ResponseCode.LIMIT, "Part too large to decode"));
        }
        String encoding = range.part() == null || range.part().encoding() == null ? "7bit"
                : range.part().encoding().toLowerCase(Locale.ROOT);
        if (decode && !Set.of("7bit", "8bit", "binary", "base64", "quoted-printable").contains(encoding)) {
            // RFC 3516 §4.3: a transfer encoding the server cannot decode
            return Future.failedFuture(ProtocolException.no("UNKNOWN-CTE", "Unknown content transfer encoding"));
        }
        return BodyStreamer.readRange(session, m.blobKey(), start, Math.min(length, cap)).map(raw -> {
            byte[] content = headerFields ? HeaderFields.filter(raw, s.fields(), s.text().endsWith(".NOT"))
                    : decode(raw, encoding);
            if (s.kind() == FetchAttribute.SectionKind.BINARY_SIZE) {
                return new Text(name + content.length);
            }
            long[] window = partial(s, content.length);
            byte[] slice = java.util.Arrays.copyOfRange(content, (int) window[0], (int) (window[0] + window[1]));
            return new Combined(name, new Bytes(slice, decode));
        });
    }

    /** A name followed by a literal: flattened by {@link #writePieces}. */
    private record Combined(String name, Piece literal) implements Piece {
    }

    /** RFC 9051 §6.4.5 partial: {@code <start.count>} clipped to the content; beyond its end it is empty. */
    private static long[] partial(FetchAttribute.Section s, long length) {
        if (s.partialStart() == null) {
            return new long[] {0, length};
        }
        long from = Math.min(s.partialStart(), length);
        return new long[] {from, Math.min(s.partialLength(), length - from)};
    }

    private static byte[] decode(byte[] raw, String encoding) {
        try {
            InputStream in = switch (encoding) {
                case "base64" -> new Base64InputStream(new ByteArrayInputStream(raw));
                case "quoted-printable" -> new QuotedPrintableInputStream(new ByteArrayInputStream(raw));
                default -> null;
            };
            if (in == null) {
                return raw;
            }
            try (in) {
                return in.readAllBytes();
            }
        } catch (IOException e) {
            throw ProtocolException.no("UNKNOWN-CTE", "Part cannot be decoded");
        }
    }

    private static boolean containsNul(byte[] bytes) {
        for (byte b : bytes) {
            if (b == 0) {
                return true;
            }
        }
        return false;
    }
}
