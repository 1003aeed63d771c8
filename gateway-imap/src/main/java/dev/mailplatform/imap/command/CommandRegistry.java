package dev.mailplatform.imap.command;

import dev.mailplatform.imap.command.fetch.FetchHandler;
import dev.mailplatform.imap.protocol.command.ImapCommand;
import java.util.Map;

/** The one place mapping command types to handlers; no classpath scanning. */
public final class CommandRegistry {
    private final Map<Class<? extends ImapCommand>, CommandHandler<? extends ImapCommand>> handlers;

    private CommandRegistry(Map<Class<? extends ImapCommand>, CommandHandler<? extends ImapCommand>> handlers) {
        this.handlers = handlers;
    }

    public static CommandRegistry standard() {
        return new CommandRegistry(Map.of(
                ImapCommand.Capability.class, new CapabilityHandler(),
                ImapCommand.Noop.class, new NoopHandler(),
                ImapCommand.Logout.class, new LogoutHandler(),
                ImapCommand.Login.class, new LoginHandler(),
                ImapCommand.Select.class, new SelectHandler(),
                ImapCommand.Fetch.class, new FetchHandler(),
                ImapCommand.Unknown.class, new UnknownCommandHandler()));
    }

    @SuppressWarnings("unchecked")
    public <C extends ImapCommand> CommandHandler<C> handlerFor(C command) {
        CommandHandler<? extends ImapCommand> handler = handlers.get(command.getClass());
        if (handler == null) {
            throw new IllegalStateException("no handler registered for " + command.getClass().getSimpleName());
        }
        return (CommandHandler<C>) handler;
    }
}
