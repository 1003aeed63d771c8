/* Mail platform. Licensed under the Apache License 2.0. */
package dev.mailplatform.pop3.command;

import dev.mailplatform.pop3.protocol.Pop3Command;
import dev.mailplatform.pop3.protocol.Pop3Response;
import dev.mailplatform.pop3.session.Pop3Session;
import dev.mailplatform.pop3.session.Pop3State;
import io.vertx.core.Future;
import java.util.Set;

/**
 * PASS string. AUTHORIZATION state, after USER. RFC 1939 §7; RFC 3206 §4-5 for [AUTH] and [SYS/TEMP]; RFC 2449
 * §8.1 for [IN-USE] and [LOGIN-DELAY]. On success the INBOX is snapshotted (RFC 1939 §4) and the session enters
 * TRANSACTION.
 */
final class PassHandler implements Pop3CommandHandler<Pop3Command.Pass> {
    @Override
    public Set<Class<? extends Pop3State>> allowedIn() {
        return AUTHORIZATION;
    }

    @Override
    public Future<Void> handle(Pop3Session session, Pop3Command.Pass command) {
        var auth = (Pop3State.Authorization) session.state();
        if (auth.user() == null) {
            return session.reply(Pop3Response.err("USER first"));
        }
        if (!PlaintextPolicy.allowed(session)) {
            return session.reply(PlaintextPolicy.REFUSAL);
        }
        return Logins.login(session, auth.user(), command.password());
    }
}
