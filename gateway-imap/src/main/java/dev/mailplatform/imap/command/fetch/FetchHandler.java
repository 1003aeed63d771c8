package dev.mailplatform.imap.command.fetch;

import dev.mailplatform.contracts.api.MessageDto;
import dev.mailplatform.imap.command.CommandHandler;
import dev.mailplatform.imap.command.Completion;
import dev.mailplatform.imap.error.ProtocolException;
import dev.mailplatform.imap.protocol.ImapResponses;
import dev.mailplatform.imap.protocol.command.FetchItem;
import dev.mailplatform.imap.protocol.command.ImapCommand;
import dev.mailplatform.imap.session.ImapSession;
import dev.mailplatform.imap.session.ImapState;
import dev.mailplatform.imap.session.SelectedMailbox;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * FETCH and UID FETCH, selected state. RFC 9051 §6.4.5, §6.4.9. Metadata comes from a fresh message list of the
 * mailbox service, bodies straight from S3 as literals.
 *
 * <p>Messages that arrived since the last look are announced with EXISTS first (allowed during FETCH, RFC 9051
 * §7.5.1); messages expunged elsewhere keep their sequence number until NOOP reports them, and are left out of the
 * FETCH answer (RFC 2180 §4.1.2).
 */
public final class FetchHandler implements CommandHandler<ImapCommand.Fetch> {
    private static final Logger LOG = Logger.getLogger(FetchHandler.class);

    private record Target(int seq, MessageDto message) {
    }

    @Override
    public Set<Class<? extends ImapState>> allowedIn() {
        return ImapState.SELECTED;
    }

    @Override
    public Future<Completion> handle(ImapSession session, ImapCommand.Fetch command) {
        ImapState.Selected selected = (ImapState.Selected) session.state();
        SelectedMailbox box = selected.mailbox();
        return session.services().mailboxClient().messages(selected.account().accountId(), box.name())
                .compose(fresh -> {
                    SelectedMailbox view = refresh(session, selected, fresh);
                    Map<Long, MessageDto> present = new HashMap<>();
                    fresh.forEach(m -> present.put(m.uid(), m));
                    List<Target> targets = targets(command, view, present);
                    Promise<Void> done = Promise.promise();
                    send(session, command, targets, 0, done);
                    String name = command.byUid() ? "UID FETCH" : "FETCH";
                    return done.future().map(v -> Completion.ok(name + " completed"));
                });
    }

    /** New messages join the view (announced by EXISTS); vanished ones stay until NOOP expunges them. */
    private static SelectedMailbox refresh(ImapSession session, ImapState.Selected selected, List<MessageDto> fresh) {
        SelectedMailbox box = selected.mailbox();
        long largest = box.largestUid();
        List<MessageDto> added = fresh.stream().filter(m -> m.uid() > largest).toList();
        if (added.isEmpty()) {
            return box;
        }
        List<MessageDto> messages = new ArrayList<>(box.messages());
        messages.addAll(added);
        SelectedMailbox view = box.withMessages(messages);
        session.write(ImapResponses.untagged(messages.size() + " EXISTS"));
        session.setState(new ImapState.Selected(selected.account(), view));
        return view;
    }

    private static List<Target> targets(ImapCommand.Fetch command, SelectedMailbox view,
            Map<Long, MessageDto> present) {
        List<MessageDto> messages = view.messages();
        if (!command.byUid() && command.set().largestExplicit() > messages.size()) {
            // RFC 9051 §7.1.3 / mox: a message sequence number beyond EXISTS is a client error
            throw ProtocolException.bad("Invalid message sequence number");
        }
        long largest = command.byUid() ? view.largestUid() : messages.size();
        List<Target> targets = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            MessageDto known = messages.get(i);
            long key = command.byUid() ? known.uid() : i + 1;
            MessageDto current = present.get(known.uid());
            if (current != null && command.set().contains(key, largest)) {
                targets.add(new Target(i + 1, current));
            }
        }
        return targets;
    }

    /** Iterates without recursion for metadata, so a large set does not grow the stack; waits when the socket is
     * full. */
    private static void send(ImapSession session, ImapCommand.Fetch command, List<Target> targets, int from,
            Promise<Void> done) {
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
                        send(session, command, targets, resumeAt, done);
                    } else {
                        done.tryFail(ar.cause());
                    }
                });
                return;
            }
            Target target = targets.get(index++);
            if (!command.needsBody()) {
                session.write(metadataLine(command.items(), target));
                continue;
            }
            int next = index;
            writeWithBodies(session, command.items(), target).onComplete(ar -> {
                if (ar.succeeded()) {
                    send(session, command, targets, next, done);
                } else {
                    done.tryFail(ar.cause());
                }
            });
            return;
        }
        done.tryComplete();
    }

    private static String metadataLine(List<FetchItem> items, Target target) {
        StringBuilder line = new StringBuilder("* ").append(target.seq()).append(" FETCH (");
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) {
                line.append(' ');
            }
            appendMetadata(line, items.get(i), target.message());
        }
        return line.append(')').append(ImapResponses.CRLF).toString();
    }

    private static void appendMetadata(StringBuilder line, FetchItem item, MessageDto m) {
        line.append(item.responseName()).append(' ');
        switch (item) {
            case UID -> line.append(m.uid());
            case FLAGS -> line.append(ImapResponses.flagList(m.flags()));
            case INTERNALDATE -> line.append(ImapResponses.internalDate(m.internalDate()));
            case RFC822_SIZE -> line.append(m.size());
            default -> throw new IllegalArgumentException("not metadata: " + item);
        }
    }

    /**
     * The first body is opened before anything of this message is written, so an unavailable store fails the
     * command cleanly with NO; after the first octet of the response, a failure can only end the connection.
     */
    private static Future<Void> writeWithBodies(ImapSession session, List<FetchItem> items, Target target) {
        MessageDto m = target.message();
        return BodyStreamer.open(session, m.blobKey(), m.size()).compose(firstBody -> {
            Promise<Void> done = Promise.promise();
            StringBuilder pending = new StringBuilder("* ").append(target.seq()).append(" FETCH (");
            writeItems(session, items, 0, m, pending, firstBody, done);
            return done.future().recover(e -> {
                LOG.warnf("imap session=%s streaming message uid=%d failed: %s", session.id(), m.uid(),
                        e.getMessage());
                return Future.failedFuture(ProtocolException.bye("Message data could not be sent, closing"));
            });
        });
    }

    private static void writeItems(ImapSession session, List<FetchItem> items, int from, MessageDto m,
            StringBuilder pending, BodyStreamer.OpenBody opened, Promise<Void> done) {
        for (int i = from; i < items.size(); i++) {
            FetchItem item = items.get(i);
            if (i > 0) {
                pending.append(' ');
            }
            if (!item.isBody()) {
                appendMetadata(pending, item, m);
                continue;
            }
            pending.append(item.responseName()).append(' ');
            session.write(pending.toString());
            pending.setLength(0);
            int next = i + 1;
            Future<BodyStreamer.OpenBody> body = opened != null ? Future.succeededFuture(opened)
                    : BodyStreamer.open(session, m.blobKey(), m.size());
            body.compose(b -> BodyStreamer.writeLiteral(session, b)).onComplete(ar -> {
                if (ar.succeeded()) {
                    writeItems(session, items, next, m, pending, null, done);
                } else {
                    done.tryFail(ar.cause());
                }
            });
            return;
        }
        pending.append(')').append(ImapResponses.CRLF);
        session.write(pending.toString());
        done.tryComplete();
    }
}
