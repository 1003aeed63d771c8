/* Mail platform. Licensed under the Apache License 2.0. */
package dev.mailplatform.smtp.command;

import dev.mailplatform.smtp.protocol.SmtpReply;
import dev.mailplatform.smtp.protocol.command.SmtpCommand;
import dev.mailplatform.smtp.session.SmtpSession;
import io.vertx.core.Future;
import java.util.Map;

/** The one explicit map from command type to handler. */
public final class CommandRegistry {
    private final DataHandler dataHandler = new DataHandler();
    private final Map<Class<? extends SmtpCommand>, CommandHandler<?>> handlers = Map.of(
            SmtpCommand.Ehlo.class, new EhloHandler(),
            SmtpCommand.Helo.class, new HeloHandler(),
            SmtpCommand.MailFrom.class, new MailHandler(),
            SmtpCommand.RcptTo.class, new RcptHandler(),
            SmtpCommand.Data.class, dataHandler,
            SmtpCommand.Rset.class, new RsetHandler(),
            SmtpCommand.Noop.class, new NoopHandler(),
            SmtpCommand.Quit.class, new QuitHandler(),
            SmtpCommand.Vrfy.class, new VrfyHandler(),
            SmtpCommand.Help.class, new HelpHandler());

    @SuppressWarnings("unchecked")
    public <C extends SmtpCommand> Future<SmtpReply> dispatch(SmtpSession session, C command) {
        CommandHandler<C> handler = (CommandHandler<C>) handlers.get(command.getClass());
        if (handler == null) {
            throw new IllegalStateException("no handler registered for " + command.getClass().getSimpleName());
        }
        return handler.handle(session, command);
    }

    public DataHandler dataHandler() {
        return dataHandler;
    }
}
