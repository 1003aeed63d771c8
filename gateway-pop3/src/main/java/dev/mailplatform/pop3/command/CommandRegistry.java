/* Mail platform. Licensed under the Apache License 2.0. */
package dev.mailplatform.pop3.command;

import dev.mailplatform.pop3.protocol.Pop3Command;
import java.util.Map;

/** Every command and its handler, in one explicit map (no classpath scanning). Handlers are stateless. */
public final class CommandRegistry {
    private final Map<Class<? extends Pop3Command>, Pop3CommandHandler<?>> handlers = Map.ofEntries(
            Map.entry(Pop3Command.User.class, new UserHandler()),
            Map.entry(Pop3Command.Pass.class, new PassHandler()),
            Map.entry(Pop3Command.Stat.class, new StatHandler()),
            Map.entry(Pop3Command.List.class, new ListHandler()),
            Map.entry(Pop3Command.Uidl.class, new UidlHandler()),
            Map.entry(Pop3Command.Retr.class, new RetrHandler()),
            Map.entry(Pop3Command.Top.class, new TopHandler()),
            Map.entry(Pop3Command.Dele.class, new DeleHandler()),
            Map.entry(Pop3Command.Noop.class, new NoopHandler()),
            Map.entry(Pop3Command.Rset.class, new RsetHandler()),
            Map.entry(Pop3Command.Quit.class, new QuitHandler()),
            Map.entry(Pop3Command.Capa.class, new CapaHandler()),
            Map.entry(Pop3Command.Stls.class, new StlsHandler()),
            Map.entry(Pop3Command.Auth.class, new AuthHandler()),
            Map.entry(Pop3Command.Apop.class, new ApopHandler()));

    public Pop3CommandHandler<?> handlerFor(Pop3Command command) {
        Pop3CommandHandler<?> handler = handlers.get(command.getClass());
        if (handler == null) {
            throw new IllegalStateException("no handler for " + command.getClass().getSimpleName());
        }
        return handler;
    }
}
