package dev.mailplatform.imap.command;

import dev.mailplatform.contracts.api.MailboxDto;
import dev.mailplatform.contracts.api.MessageDto;
import dev.mailplatform.imap.protocol.ImapResponses;
import dev.mailplatform.imap.protocol.ImapStrings;
import dev.mailplatform.imap.protocol.MailboxNames;
import dev.mailplatform.imap.protocol.command.ImapCommand;
import dev.mailplatform.imap.session.ImapSession;
import dev.mailplatform.imap.session.ImapState;
import io.vertx.core.Future;
import java.util.List;
import java.util.Set;

/**
 * STATUS, authenticated state. RFC 9051 §6.3.11 (incl. SIZE and DELETED); RFC 7162 §3.1.6 HIGHESTMODSEQ; RECENT is
 * always 0 here because \Recent only exists inside a session that selected the mailbox (RFC 3501 §6.3.10).
 */
public final class StatusHandler implements CommandHandler<ImapCommand.Status> {
    @Override
    public Set<Class<? extends ImapState>> allowedIn() {
        return ImapState.AUTHENTICATED;
    }

    @Override
    public Future<Completion> handle(ImapSession session, ImapCommand.Status command) {
        var account = ImapState.accountOf(session.state());
        var client = session.services().mailboxClient();
        return client.mailbox(account.accountId(), command.mailbox()).compose(box -> {
            Future<Long> deleted = command.items().contains("DELETED")
                    ? client.messages(account.accountId(), command.mailbox()).map(StatusHandler::countDeleted)
                    : Future.succeededFuture(0L);
            return deleted.map(count -> {
                session.write(ImapResponses.untagged(statusLine(session, box, command.items(), count)));
                return Completion.ok("STATUS completed");
            });
        });
    }

    static long countDeleted(List<MessageDto> messages) {
        return messages.stream().filter(m -> m.flags() != null && m.flags().contains("\\Deleted")).count();
    }

    static String statusLine(ImapSession session, MailboxDto box, List<String> items, long deleted) {
        StringBuilder line = new StringBuilder("STATUS ")
                .append(ImapStrings.astring(MailboxNames.toClient(box.name(), session.utf8()))).append(" (");
        for (int i = 0; i < items.size(); i++) {
            String item = items.get(i);
            long value = switch (item) {
                case "MESSAGES" -> box.messages();
                case "UIDNEXT" -> box.uidNext();
                case "UIDVALIDITY" -> box.uidValidity();
                case "UNSEEN" -> box.unseen();
                case "RECENT" -> 0;
                case "SIZE" -> box.sizeBytes();
                case "HIGHESTMODSEQ" -> Math.max(1, box.highestModseq());
                case "DELETED" -> deleted;
                default -> throw new IllegalArgumentException("unknown STATUS item " + item);
            };
            line.append(i == 0 ? "" : " ").append(item).append(' ').append(value);
        }
        return line.append(')').toString();
    }
}
