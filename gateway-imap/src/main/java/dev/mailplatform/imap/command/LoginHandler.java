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
 * mailbox service; after {@code mail.imap.max-auth-failures} failures the connection is closed.
 */
public final class LoginHandler implements CommandHandler<ImapCommand.Login> {
    private static final Logger LOG = Logger.getLogger(LoginHandler.class);

    @Override
    public Set<Class<? extends ImapState>> allowedIn() {
        return ImapState.NOT_AUTHENTICATED;
    }

    @Override
    public Future<Completion> handle(ImapSession session, ImapCommand.Login command) {
        if (!session.services().config().allowPlaintextAuth() && !session.isTls()) {
            // RFC 9051 §6.2.3: LOGIN must not succeed without TLS unless the server is configured to allow it
            return Future.failedFuture(ProtocolException.no(ResponseCode.PRIVACYREQUIRED,
                    "LOGIN is disabled on unencrypted connections"));
        }
        int failuresSoFar = ((ImapState.NotAuthenticated) session.state()).authFailures();
        if (command.username().isBlank() || command.password().isEmpty()) {
            return Future.failedFuture(failed(session, failuresSoFar));
        }
        return session.services().mailboxClient()
                .authenticate(command.username(), command.password(), session.remoteHost())
                .compose(result -> {
                    if (result.isEmpty()) {
                        LOG.infof("imap session=%s login failed from %s", session.id(), session.remoteHost());
                        return Future.failedFuture(failed(session, failuresSoFar));
                    }
                    session.setState(new ImapState.Authenticated(result.get()));
                    return Future.succeededFuture(Completion.ok("LOGIN completed"));
                });
    }

    private static ProtocolException failed(ImapSession session, int failuresSoFar) {
        int failures = failuresSoFar + 1;
        session.setState(new ImapState.NotAuthenticated(failures));
        ProtocolException error = ProtocolException.no(ResponseCode.AUTHENTICATIONFAILED, "Invalid credentials");
        return failures >= session.services().config().maxAuthFailures() ? error.closing() : error;
    }
}
