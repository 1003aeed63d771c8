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

/** LIST [msg]. TRANSACTION state. RFC 1939 §5: scan listings "msg octets", deleted messages left out. */
final class ListHandler implements Pop3CommandHandler<Pop3Command.List> {
    @Override
    public Set<Class<? extends Pop3State>> allowedIn() {
        return TRANSACTION;
    }

    @Override
    public Future<Void> handle(Pop3Session session, Pop3Command.List command) {
        var maildrop = ((Pop3State.Transaction) session.state()).maildrop();
        if (command.message().isPresent()) {
            Maildrop.Entry entry = maildrop.get(command.message().getAsInt());
            return session.reply(Pop3Response.ok(entry.number() + " " + entry.size()));
        }
        var entries = maildrop.visible();
        var lines = new ArrayList<String>(entries.size());
        for (Maildrop.Entry e : entries) {
            lines.add(e.number() + " " + e.size());
        }
        return session.replyMultiline(
                Pop3Response.ok(entries.size() + " messages (" + maildrop.visibleOctets() + " octets)"), lines);
    }
}
