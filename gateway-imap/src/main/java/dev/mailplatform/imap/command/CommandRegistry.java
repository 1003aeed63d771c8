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
        return new CommandRegistry(Map.ofEntries(
                Map.entry(ImapCommand.Capability.class, new CapabilityHandler()),
                Map.entry(ImapCommand.Noop.class, new NoopHandler()),
                Map.entry(ImapCommand.Logout.class, new LogoutHandler()),
                Map.entry(ImapCommand.StartTls.class, new StartTlsHandler()),
                Map.entry(ImapCommand.Authenticate.class, new AuthenticateHandler()),
                Map.entry(ImapCommand.Login.class, new LoginHandler()),
                Map.entry(ImapCommand.Enable.class, new EnableHandler()),
                Map.entry(ImapCommand.Select.class, new SelectHandler()),
                Map.entry(ImapCommand.Create.class, new CreateHandler()),
                Map.entry(ImapCommand.Delete.class, new DeleteHandler()),
                Map.entry(ImapCommand.Rename.class, new RenameHandler()),
                Map.entry(ImapCommand.Subscribe.class, new SubscribeHandler()),
                Map.entry(ImapCommand.ListMailboxes.class, new ListHandler()),
                Map.entry(ImapCommand.Namespace.class, new NamespaceHandler()),
                Map.entry(ImapCommand.Status.class, new StatusHandler()),
                Map.entry(ImapCommand.Append.class, new AppendHandler()),
                Map.entry(ImapCommand.Check.class, new CheckHandler()),
                Map.entry(ImapCommand.Close.class, new CloseHandler()),
                Map.entry(ImapCommand.Expunge.class, new ExpungeHandler()),
                Map.entry(ImapCommand.Search.class, new SearchHandler()),
                Map.entry(ImapCommand.Fetch.class, new FetchHandler()),
                Map.entry(ImapCommand.Store.class, new StoreHandler()),
                Map.entry(ImapCommand.Copy.class, new CopyHandler()),
                Map.entry(ImapCommand.Idle.class, new IdleHandler()),
                Map.entry(ImapCommand.Id.class, new IdHandler()),
                Map.entry(ImapCommand.GetQuota.class, new QuotaHandler()),
                Map.entry(ImapCommand.Compress.class, new CompressHandler()),
                Map.entry(ImapCommand.Unknown.class, new UnknownCommandHandler())));
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
