package dev.mailplatform.imap.command;

import dev.mailplatform.contracts.api.MailboxDto;
import dev.mailplatform.imap.protocol.ImapResponses;
import dev.mailplatform.imap.protocol.ImapStrings;
import dev.mailplatform.imap.protocol.MailboxNames;
import dev.mailplatform.imap.protocol.command.ImapCommand;
import dev.mailplatform.imap.session.ImapSession;
import dev.mailplatform.imap.session.ImapState;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * LIST and LSUB, authenticated state. RFC 9051 §6.3.9; RFC 5258 (LIST-EXTENDED selection and return options);
 * RFC 3348 / RFC 5258 §4 (\HasChildren, \HasNoChildren); RFC 6154 §2 (special-use attributes, always returned);
 * RFC 5819 (RETURN (STATUS ...)); RFC 3501 §6.3.9 (LSUB). Patterns are matched here against the account's
 * mailboxes, so one round trip answers any number of patterns.
 */
public final class ListHandler implements CommandHandler<ImapCommand.ListMailboxes> {
    @Override
    public Set<Class<? extends ImapState>> allowedIn() {
        return ImapState.AUTHENTICATED;
    }

    @Override
    public Future<Completion> handle(ImapSession session, ImapCommand.ListMailboxes command) {
        String name = command.lsub() ? "LSUB" : "LIST";
        if (command.emptyPattern()) {
            // RFC 9051 §6.3.9: the empty pattern asks for the hierarchy delimiter and root
            session.write(ImapResponses.untagged(name + " (\\Noselect) \"/\" \"\""));
            return Future.succeededFuture(Completion.ok(name + " completed"));
        }
        var account = ImapState.accountOf(session.state());
        boolean subscribedOnly = command.lsub() || command.selectSubscribed();
        return session.services().mailboxClient().mailboxes(account.accountId(), null, false).map(all -> {
            List<MailboxDto> sorted = new ArrayList<>(all);
            sorted.sort(Comparator.comparing((MailboxDto m) -> !MailboxNames.isInbox(m.name()))
                    .thenComparing(MailboxDto::name));
            for (MailboxDto box : sorted) {
                if (subscribedOnly && !box.subscribed()) {
                    continue;
                }
                if (command.selectSpecialUse() && box.specialUse().isEmpty()) {
                    continue;
                }
                if (command.patterns().stream().noneMatch(p -> MailboxNames.matches(p, box.name()))) {
                    continue;
                }
                List<String> attributes = new ArrayList<>();
                if (!command.lsub()) {
                    attributes.add(box.hasChildren() ? "\\HasChildren" : "\\HasNoChildren");
                    attributes.addAll(box.specialUse());
                    if (box.subscribed() && (command.returnSubscribed() || command.selectSubscribed())) {
                        attributes.add("\\Subscribed");
                    }
                }
                String wireName = ImapStrings.astring(MailboxNames.toClient(box.name(), session.utf8()));
                session.write(ImapResponses.untagged(name + " (" + String.join(" ", attributes) + ") \"/\" "
                        + wireName));
                if (command.returnStatus() != null) {
                    List<String> items = command.returnStatus().stream().filter(i -> !i.equals("DELETED")).toList();
                    if (!items.isEmpty()) {
                        session.write(ImapResponses.untagged(StatusHandler.statusLine(session, box, items, 0)));
                    }
                }
            }
            return Completion.ok(name + " completed");
        });
    }
}
