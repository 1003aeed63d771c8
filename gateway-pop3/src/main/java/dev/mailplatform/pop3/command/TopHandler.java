/* Mail platform. Licensed under the Apache License 2.0. */
package dev.mailplatform.pop3.command;

import dev.mailplatform.pop3.protocol.MessageEncoder;
import dev.mailplatform.pop3.protocol.Pop3Command;
import dev.mailplatform.pop3.protocol.Pop3Response;
import dev.mailplatform.pop3.session.Pop3Session;
import dev.mailplatform.pop3.session.Pop3State;
import io.vertx.core.Future;
import java.util.Set;

/**
 * TOP msg n. TRANSACTION state. RFC 1939 §7: the header, the blank line and the first n body lines; the S3 read stops
 * as soon as they are sent.
 */
final class TopHandler implements Pop3CommandHandler<Pop3Command.Top> {
    @Override
    public Set<Class<? extends Pop3State>> allowedIn() {
        return TRANSACTION;
    }

    @Override
    public Future<Void> handle(Pop3Session session, Pop3Command.Top command) {
        var entry = ((Pop3State.Transaction) session.state()).maildrop().get(command.message());
        return MessageStreamer.stream(session, entry, MessageEncoder.forTop(command.lines()),
                Pop3Response.ok("top of message follows"));
    }
}
