/* Mail platform. Licensed under the Apache License 2.0. */
package dev.mailplatform.pop3.command;

import dev.mailplatform.pop3.protocol.MessageEncoder;
import dev.mailplatform.pop3.protocol.Pop3Command;
import dev.mailplatform.pop3.protocol.Pop3Response;
import dev.mailplatform.pop3.session.Pop3Session;
import dev.mailplatform.pop3.session.Pop3State;
import io.vertx.core.Future;
import java.util.Set;

/** RETR msg. TRANSACTION state. RFC 1939 §5: the whole message, byte-stuffed, as a multi-line response. */
final class RetrHandler implements Pop3CommandHandler<Pop3Command.Retr> {
    @Override
    public Set<Class<? extends Pop3State>> allowedIn() {
        return TRANSACTION;
    }

    @Override
    public Future<Void> handle(Pop3Session session, Pop3Command.Retr command) {
        var entry = ((Pop3State.Transaction) session.state()).maildrop().get(command.message());
        return MessageStreamer.stream(session, entry, MessageEncoder.forRetr(),
                Pop3Response.ok(entry.size() + " octets"));
    }
}
