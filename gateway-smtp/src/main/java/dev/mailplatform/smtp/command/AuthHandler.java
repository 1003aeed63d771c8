/* Mail platform. Licensed under the Apache License 2.0. */
package dev.mailplatform.smtp.command;

import dev.mailplatform.smtp.protocol.Sasl;
import dev.mailplatform.smtp.protocol.SmtpProtocolException;
import dev.mailplatform.smtp.protocol.SmtpReplies;
import dev.mailplatform.smtp.protocol.SmtpReply;
import dev.mailplatform.smtp.protocol.command.SmtpCommand;
import dev.mailplatform.smtp.session.SessionServices;
import dev.mailplatform.smtp.session.SmtpSession;
import dev.mailplatform.smtp.session.SmtpState;
import io.vertx.core.Future;
import java.util.List;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * AUTH PLAIN (RFC 4616) and LOGIN, allowed in state Greeted on the submission listeners, once per session. RFC 4954
 * §4 (exchange, "*" cancels), §6 (reply codes). Credentials only travel over TLS unless the loopback exception is
 * configured; failures count per session and per IP (lockout), and the mailbox service throttles per account.
 */
final class AuthHandler implements CommandHandler<SmtpCommand.Auth> {
    private static final Logger LOG = Logger.getLogger(AuthHandler.class);

    /** Whether AUTH may be used on this connection right now (and so is advertised in EHLO). */
    static boolean offered(SmtpSession session) {
        return session.listener().authRequired() && (session.tls()
                || session.loopback() && session.services().config().auth().allowPlaintextOnLoopback());
    }

    @Override
    public Future<SmtpReply> handle(SmtpSession session, SmtpCommand.Auth command) {
        if (!session.listener().authRequired()) {
            // RFC 5321 §4.2.4 / RFC 6409 §4: the MX port accepts mail for local users only, logins belong to 587
            return Replies.reply(SmtpReplies.C502_NOT_IMPLEMENTED, SmtpReplies.E5_5_1,
                    "AUTH not available on this port");
        }
        if (session.state() instanceof SmtpState.Connected) {
            return Replies.badSequence("Send EHLO first");
        }
        if (!(session.state() instanceof SmtpState.Greeted)) {
            // RFC 4954 §4: AUTH is not permitted during a mail transaction
            return Replies.badSequence("AUTH not allowed during a mail transaction");
        }
        if (session.identity() != null) {
            return Replies.badSequence("Already authenticated");
        }
        if (!offered(session)) {
            return Replies.reply(SmtpReplies.C538_ENCRYPTION_REQUIRED, SmtpReplies.E5_7_11,
                    "Encryption required for requested authentication mechanism");
        }
        SessionServices services = session.services();
        if (services.authFailures().isLockedOut(session.remoteAddress())) {
            services.metrics().auth(session.listener().name(), command.mechanism(), "locked");
            return Replies.reply(SmtpReplies.C454_TEMPORARY_FAILURE, SmtpReplies.E4_7_0,
                    "Too many authentication failures, try again later");
        }
        return switch (command.mechanism()) {
            case "PLAIN" -> command.initialResponse()
                    .map(response -> plain(session, response))
                    .orElseGet(() -> challenge(session, "", response -> plain(session, response)));
            case "LOGIN" -> command.initialResponse()
                    .map(response -> loginPassword(session, response))
                    .orElseGet(() -> challenge(session, Sasl.LOGIN_USERNAME_CHALLENGE,
                            response -> loginPassword(session, response)));
            default -> Replies.reply(SmtpReplies.C504_PARAM_NOT_IMPLEMENTED, SmtpReplies.E5_5_4,
                    "Unrecognized authentication type");
        };
    }

    private static Future<SmtpReply> challenge(SmtpSession session, String challenge,
            Function<String, Future<SmtpReply>> next) {
        session.continueAuth(response -> {
            if (Sasl.isCancel(response)) {
                return Replies.reply(SmtpReplies.C501_PARAM_SYNTAX, SmtpReplies.E5_0_0, "Authentication cancelled");
            }
            return next.apply(response);
        });
        // RFC 2034 §4 covers 2xx/4xx/5xx only: the 334 challenge has no enhanced code
        return Future.succeededFuture(new SmtpReply(SmtpReplies.C334_CHALLENGE, null, List.of(challenge)));
    }

    private static Future<SmtpReply> plain(SmtpSession session, String response) {
        Sasl.Credentials credentials;
        try {
            credentials = Sasl.plain(response);
        } catch (SmtpProtocolException e) {
            return Future.succeededFuture(e.reply());
        }
        if (!credentials.authorizationId().isEmpty()
                && !credentials.authorizationId().equalsIgnoreCase(credentials.username())) {
            // RFC 4616 §2: acting as another user would need proxy rights, which nobody has here
            return failed(session, "PLAIN");
        }
        return verify(session, "PLAIN", credentials.username(), credentials.password());
    }

    private static Future<SmtpReply> loginPassword(SmtpSession session, String usernameResponse) {
        String username;
        try {
            username = Sasl.loginField(usernameResponse);
        } catch (SmtpProtocolException e) {
            return Future.succeededFuture(e.reply());
        }
        return challenge(session, Sasl.LOGIN_PASSWORD_CHALLENGE, passwordResponse -> {
            try {
                return verify(session, "LOGIN", username, Sasl.loginField(passwordResponse));
            } catch (SmtpProtocolException e) {
                return Future.succeededFuture(e.reply());
            }
        });
    }

    private static Future<SmtpReply> verify(SmtpSession session, String mechanism, String username,
            String password) {
        SessionServices services = session.services();
        return services.mailboxClient().authenticate(username, password, session.remoteAddress())
                .compose(result -> {
                    if (result.isEmpty()) {
                        return failed(session, mechanism);
                    }
                    session.authenticated(result.get());
                    services.metrics().auth(session.listener().name(), mechanism, "ok");
                    LOG.infof("smtp session=%s remote=%s authenticated account=%s", session.id(),
                            session.remoteAddress(), result.get().accountId());
                    return Replies.reply(SmtpReplies.C235_AUTH_SUCCEEDED, SmtpReplies.E2_7_0,
                            "Authentication successful");
                }, e -> {
                    LOG.warnf("smtp session=%s cannot reach the mailbox service for AUTH: %s", session.id(),
                            e.getMessage());
                    services.metrics().auth(session.listener().name(), mechanism, "error");
                    return Replies.reply(SmtpReplies.C454_TEMPORARY_FAILURE, SmtpReplies.E4_7_0,
                            "Temporary authentication failure");
                });
    }

    private static Future<SmtpReply> failed(SmtpSession session, String mechanism) {
        SessionServices services = session.services();
        services.metrics().auth(session.listener().name(), mechanism, "failed");
        boolean lockedNow = services.authFailures().recordFailure(session.remoteAddress());
        int inSession = session.authFailed();
        LOG.infof("smtp session=%s remote=%s authentication failed (%d in session%s)", session.id(),
                session.remoteAddress(), inSession, lockedNow ? ", address locked out" : "");
        if (inSession >= services.config().auth().maxFailuresPerSession()) {
            return Replies.reply(SmtpReplies.C421_SERVICE_NOT_AVAILABLE, SmtpReplies.E4_7_0,
                    "Too many authentication failures, closing connection");
        }
        return Replies.reply(SmtpReplies.C535_AUTH_FAILED, SmtpReplies.E5_7_8,
                "Authentication credentials invalid");
    }
}
