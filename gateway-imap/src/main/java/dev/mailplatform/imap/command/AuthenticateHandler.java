package dev.mailplatform.imap.command;

import dev.mailplatform.imap.error.ProtocolException;
import dev.mailplatform.imap.error.ResponseCode;
import dev.mailplatform.imap.protocol.command.ImapCommand;
import dev.mailplatform.imap.session.ImapSession;
import dev.mailplatform.imap.session.ImapState;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;

/**
 * AUTHENTICATE PLAIN (RFC 4616) and LOGIN (draft-murchison-sasl-login), not-authenticated state. RFC 9051 §6.2.2;
 * SASL-IR initial responses (RFC 4959). A client answering "*" cancels (BAD, RFC 9051 §6.2.2).
 */
public final class AuthenticateHandler implements CommandHandler<ImapCommand.Authenticate> {
    private static final String USERNAME_PROMPT = Base64.getEncoder().encodeToString("Username:".getBytes(
            StandardCharsets.US_ASCII));
    private static final String PASSWORD_PROMPT = Base64.getEncoder().encodeToString("Password:".getBytes(
            StandardCharsets.US_ASCII));

    @Override
    public Set<Class<? extends ImapState>> allowedIn() {
        return ImapState.NOT_AUTHENTICATED;
    }

    @Override
    public Future<Completion> handle(ImapSession session, ImapCommand.Authenticate command) {
        if (!session.plaintextAuthAllowed()) {
            return Future.failedFuture(ProtocolException.no(ResponseCode.PRIVACYREQUIRED,
                    "AUTHENTICATE is disabled on unencrypted connections, use STARTTLS or port 993"));
        }
        return switch (command.mechanism()) {
            case "PLAIN" -> response(session, command.initialResponse(), "")
                    .compose(encoded -> plain(session, decode(encoded)));
            case "LOGIN" -> response(session, command.initialResponse(), USERNAME_PROMPT)
                    .compose(user -> response(session, null, PASSWORD_PROMPT)
                            .compose(pass -> LoginHandler.authenticate(session, text(decode(user)),
                                    text(decode(pass)), "AUTHENTICATE")));
            default -> Future.failedFuture(ProtocolException.no(ResponseCode.CANNOT,
                    "Unsupported authentication mechanism"));
        };
    }

    /** The initial response if given ("=" is an empty one, RFC 4959 §3), else one read after a challenge. */
    private static Future<String> response(ImapSession session, String initial, String challenge) {
        if (initial != null) {
            return Future.succeededFuture(initial.equals("=") ? "" : initial);
        }
        return session.awaitLine(challenge).compose(line -> {
            if (line.equals("*")) {
                return Future.failedFuture(ProtocolException.bad("Authentication cancelled"));
            }
            return Future.succeededFuture(line);
        });
    }

    private static Future<Completion> plain(ImapSession session, byte[] message) {
        // RFC 4616 §2: [authzid] NUL authcid NUL passwd
        int first = indexOf(message, 0);
        int second = first < 0 ? -1 : indexOf(message, first + 1);
        if (second < 0) {
            return Future.failedFuture(ProtocolException.bad("Malformed PLAIN response"));
        }
        String authzid = new String(message, 0, first, StandardCharsets.UTF_8);
        String authcid = new String(message, first + 1, second - first - 1, StandardCharsets.UTF_8);
        String password = new String(message, second + 1, message.length - second - 1, StandardCharsets.UTF_8);
        if (!authzid.isEmpty() && !authzid.equalsIgnoreCase(authcid)) {
            // acting as another user needs admin rights this gateway does not grant
            return Future.failedFuture(ProtocolException.no(ResponseCode.AUTHENTICATIONFAILED,
                    "Authorization identity not permitted"));
        }
        return LoginHandler.authenticate(session, authcid, password, "AUTHENTICATE");
    }

    private static byte[] decode(String base64) {
        try {
            return Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw ProtocolException.bad("Invalid base64 in authentication response");
        }
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static int indexOf(byte[] bytes, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                return i;
            }
        }
        return -1;
    }
}
