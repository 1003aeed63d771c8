package dev.mailplatform.imap.command;

import dev.mailplatform.imap.error.ProtocolException;
import dev.mailplatform.imap.error.ResponseCode;
import dev.mailplatform.imap.protocol.command.ImapCommand;
import dev.mailplatform.imap.session.ImapSession;
import dev.mailplatform.imap.session.ImapState;
import io.vertx.core.Future;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * LOGIN, not-authenticated state only. RFC 9051 §6.2.3; failure codes RFC 5530. Credentials are checked by the
 * mailbox service; after {@code mail.imap.max-auth-failures} failures the connection is closed. Also the common end
 * of AUTHENTICATE.
 */
public final class LoginHandler implements CommandHandler<ImapCommand.Login> {
    private static final Logger LOG = Logger.getLogger(LoginHandler.class);

    @Override
    public Set<Class<? extends ImapState>> allowedIn() {
        return ImapState.NOT_AUTHENTICATED;
    }

    @Override
    public Future<Completion> handle(ImapSession session, ImapCommand.Login command) {
        return authenticate(session, command.username(), command.password(), "LOGIN");
    }

    static Future<Completion> authenticate(ImapSession session, String username, String password, String what) {
        if (!session.plaintextAuthAllowed()) {
            // RFC 9051 §6.2.3: LOGIN must not succeed without TLS unless the server is configured to allow it
            return Future.failedFuture(ProtocolException.no(ResponseCode.PRIVACYREQUIRED,
                    what + " is disabled on unencrypted connections, use STARTTLS or port 993"));
        }
        int failuresSoFar = ((ImapState.NotAuthenticated) session.state()).authFailures();
        if (username.isBlank() || password.isEmpty()) {
            return Future.failedFuture(failed(session, failuresSoFar));
        }
        return session.services().mailboxClient().authenticate(username, password, session.remoteHost())
                .compose(result -> {
                    if (result.isEmpty()) {
                        LOG.infof("imap session=%s %s failed from %s", session.id(), what, session.remoteHost());
                        return Future.failedFuture(failed(session, failuresSoFar));
                    }
                    session.setState(new ImapState.Authenticated(result.get()));
                    // RFC 9051 §6.2.3: capabilities change after login, so the OK carries the new list
                    return Future.succeededFuture(new Completion("CAPABILITY " + session.capabilities(),
                            what + " completed"));
                });
    }

    private static ProtocolException failed(ImapSession session, int failuresSoFar) {
        int failures = failuresSoFar + 1;
        session.setState(new ImapState.NotAuthenticated(failures));
        ProtocolException error = ProtocolException.no(ResponseCode.AUTHENTICATIONFAILED, "Invalid credentials");
        return failures >= session.services().config().maxAuthFailures() ? error.closing() : error;
    }
}
