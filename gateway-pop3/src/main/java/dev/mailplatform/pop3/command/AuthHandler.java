/* Mail platform. Licensed under the Apache License 2.0. */
package dev.mailplatform.pop3.command;

import dev.mailplatform.pop3.protocol.Pop3Command;
import dev.mailplatform.pop3.protocol.Pop3ProtocolException;
import dev.mailplatform.pop3.protocol.Pop3Response;
import dev.mailplatform.pop3.protocol.Sasl;
import dev.mailplatform.pop3.session.Pop3Session;
import dev.mailplatform.pop3.session.Pop3State;
import io.vertx.core.Future;
import java.util.List;
import java.util.Set;

/**
 * AUTH [mechanism [initial-response]]. AUTHORIZATION state. RFC 5034 §4 with the mechanisms PLAIN (RFC 4616) and
 * LOGIN; "*" cancels (RFC 5034 §4), [AUTH] marks a credential failure (RFC 3206 §5, AUTH-RESP-CODE). Without a
 * mechanism it lists the mechanisms, as RFC 1734 servers did and Outlook expects. Both mechanisms carry the password
 * in clear, so they follow the same TLS policy as USER/PASS.
 */
final class AuthHandler implements Pop3CommandHandler<Pop3Command.Auth> {
    static final List<String> MECHANISMS = List.of(Sasl.PLAIN, Sasl.LOGIN);

    @Override
    public Set<Class<? extends Pop3State>> allowedIn() {
        return AUTHORIZATION;
    }

    @Override
    public Future<Void> handle(Pop3Session session, Pop3Command.Auth command) {
        boolean allowed = PlaintextPolicy.allowed(session);
        if (command.mechanism().isEmpty()) {
            return session.replyMultiline(Pop3Response.ok("supported mechanisms follow"),
                    allowed ? MECHANISMS : List.of());
        }
        if (!allowed) {
            return session.reply(PlaintextPolicy.REFUSAL);
        }
        String mechanism = command.mechanism().get();
        return switch (mechanism) {
            case Sasl.PLAIN -> command.initialResponse().isPresent()
                    ? plain(session, command.initialResponse().get())
                    : session.awaitLine("").compose(response -> plain(session, response));
            case Sasl.LOGIN -> login(session, command);
            default -> session.reply(Pop3Response.err("unsupported SASL mechanism " + mechanism));
        };
    }

    private static Future<Void> plain(Pop3Session session, String response) {
        if (response.equals(Sasl.CANCEL)) {
            return cancelled(session);
        }
        Sasl.Credentials credentials = Sasl.plain(response);
        if (!credentials.authorizationId().isEmpty() && !credentials.authorizationId().equals(credentials.username())) {
            // RFC 4616 §2: acting as another user needs proxy rights, which no account has here
            return Logins.refuse(session);
        }
        return Logins.login(session, credentials.username(), credentials.password());
    }

    private static Future<Void> login(Pop3Session session, Pop3Command.Auth command) {
        Future<String> username = command.initialResponse().isPresent()
                ? Future.succeededFuture(command.initialResponse().get())
                : session.awaitLine(Sasl.LOGIN_USERNAME_CHALLENGE);
        return username.compose(user -> {
            if (user.equals(Sasl.CANCEL)) {
                return cancelled(session);
            }
            String name = Sasl.text(user);
            return session.awaitLine(Sasl.LOGIN_PASSWORD_CHALLENGE).compose(password -> {
                if (password.equals(Sasl.CANCEL)) {
                    return cancelled(session);
                }
                String secret = Sasl.text(password);
                if (name.isEmpty() || secret.isEmpty()) {
                    throw new Pop3ProtocolException("malformed LOGIN response");
                }
                return Logins.login(session, name, secret);
            });
        });
    }

    private static Future<Void> cancelled(Pop3Session session) {
        return session.reply(Pop3Response.err("authentication cancelled"));
    }
}
