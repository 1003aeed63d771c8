/* Mail platform. Licensed under the Apache License 2.0. */
package dev.mailplatform.smtp.command;

import dev.mailplatform.smtp.protocol.SmtpReply;
import dev.mailplatform.smtp.protocol.command.SmtpCommand;
import dev.mailplatform.smtp.session.SmtpSession;
import io.vertx.core.Future;
import java.util.Map;

/** The one explicit map from command type to handler. BDAT is driven by the session through {@link BdatHandler}. */
public final class CommandRegistry {
    private final DataHandler dataHandler = new DataHandler();
    private final BdatHandler bdatHandler = new BdatHandler();
    private final Map<Class<? extends SmtpCommand>, CommandHandler<?>> handlers = Map.ofEntries(
            Map.entry(SmtpCommand.Ehlo.class, new EhloHandler()),
            Map.entry(SmtpCommand.Helo.class, new HeloHandler()),
            Map.entry(SmtpCommand.StartTls.class, new StartTlsHandler()),
            Map.entry(SmtpCommand.Auth.class, new AuthHandler()),
            Map.entry(SmtpCommand.MailFrom.class, new MailHandler()),
            Map.entry(SmtpCommand.RcptTo.class, new RcptHandler()),
            Map.entry(SmtpCommand.Data.class, dataHandler),
            Map.entry(SmtpCommand.Rset.class, new RsetHandler()),
            Map.entry(SmtpCommand.Noop.class, new NoopHandler()),
            Map.entry(SmtpCommand.Quit.class, new QuitHandler()),
            Map.entry(SmtpCommand.Vrfy.class, new VrfyHandler()),
            Map.entry(SmtpCommand.Help.class, new HelpHandler()));

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

    public BdatHandler bdatHandler() {
        return bdatHandler;
    }
}
