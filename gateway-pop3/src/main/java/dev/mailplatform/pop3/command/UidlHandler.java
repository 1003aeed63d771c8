/* Mail platform. Licensed under the Apache License 2.0. */
package dev.mailplatform.pop3.command;

import dev.mailplatform.pop3.protocol.Pop3Command;
import dev.mailplatform.pop3.protocol.Pop3Response;
import dev.mailplatform.pop3.session.Maildrop;
import dev.mailplatform.pop3.session.Pop3Session;
import dev.mailplatform.pop3.session.Pop3State;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.Set;

/**
 * UIDL [msg]. TRANSACTION state. RFC 1939 §7: "msg unique-id", where the id is "uidValidity.uid": stable across
 * sessions and never reused, as long as the mailbox service keeps the IMAP UID rules (RFC 9051 §2.3.1.1).
 */
final class UidlHandler implements Pop3CommandHandler<Pop3Command.Uidl> {
    @Override
    public Set<Class<? extends Pop3State>> allowedIn() {
        return TRANSACTION;
    }

    @Override
    public Future<Void> handle(Pop3Session session, Pop3Command.Uidl command) {
        var maildrop = ((Pop3State.Transaction) session.state()).maildrop();
        if (command.message().isPresent()) {
            Maildrop.Entry entry = maildrop.get(command.message().getAsInt());
            return session.reply(Pop3Response.ok(entry.number() + " " + maildrop.uniqueId(entry)));
        }
        var entries = maildrop.visible();
        var lines = new ArrayList<String>(entries.size());
        for (Maildrop.Entry e : entries) {
            lines.add(e.number() + " " + maildrop.uniqueId(e));
        }
        return session.replyMultiline(Pop3Response.ok("unique-id listing follows"), lines);
    }
}
