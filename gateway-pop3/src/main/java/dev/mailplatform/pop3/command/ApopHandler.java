/* Mail platform. Licensed under the Apache License 2.0. */
package dev.mailplatform.pop3.command;

import dev.mailplatform.pop3.protocol.Pop3Command;
import dev.mailplatform.pop3.protocol.Pop3Response;
import dev.mailplatform.pop3.session.Pop3Session;
import dev.mailplatform.pop3.session.Pop3State;
import io.vertx.core.Future;
import java.util.Set;

/**
 * APOP name digest. AUTHORIZATION state. RFC 1939 §7 makes APOP optional, and it is off: the digest is
 * MD5(timestamp + shared secret), so the server would need every password in clear, while the mailbox service keeps
 * only bcrypt hashes. MD5 challenge-response is also no protection against an eavesdropper running a dictionary
 * attack; STLS or port 995 with USER/PASS or AUTH PLAIN is the secure path. Hence no timestamp in the greeting, and
 * -ERR here (RFC 1939 §7: "-ERR permission denied").
 */
final class ApopHandler implements Pop3CommandHandler<Pop3Command.Apop> {
    @Override
    public Set<Class<? extends Pop3State>> allowedIn() {
        return AUTHORIZATION;
    }

    @Override
    public Future<Void> handle(Pop3Session session, Pop3Command.Apop command) {
        return session.reply(Pop3Response.err("APOP not supported, use USER/PASS or AUTH over TLS"));
    }
}
