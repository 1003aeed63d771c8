/* Mail platform. Licensed under the Apache License 2.0. */
package dev.mailplatform.pop3.command;

import dev.mailplatform.pop3.protocol.Pop3Command;
import dev.mailplatform.pop3.session.Pop3Session;
import dev.mailplatform.pop3.session.Pop3State;
import io.vertx.core.Future;
import java.util.Set;

/**
 * Runs one POP3 command. Called on the session's event loop after the session has checked {@link #allowedIn()};
 * the returned future completes once the whole response is written (or handed to the socket). Failures are left to
 * the session, which turns them into the reply.
 */
public interface Pop3CommandHandler<C extends Pop3Command> {

    Set<Class<? extends Pop3State>> allowedIn();

    Future<Void> handle(Pop3Session session, C command);

    Set<Class<? extends Pop3State>> AUTHORIZATION = Set.of(Pop3State.Authorization.class);
    Set<Class<? extends Pop3State>> TRANSACTION = Set.of(Pop3State.Transaction.class);
    Set<Class<? extends Pop3State>> ANY = Set.of(Pop3State.Authorization.class, Pop3State.Transaction.class);
}
