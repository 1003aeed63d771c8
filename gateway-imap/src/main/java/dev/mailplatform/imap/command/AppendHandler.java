package dev.mailplatform.imap.command;

import dev.mailplatform.blobstore.BlobKeys;
import dev.mailplatform.contracts.api.AppendRequest;
import dev.mailplatform.imap.error.ProtocolException;
import dev.mailplatform.imap.error.ResponseCode;
import dev.mailplatform.imap.protocol.command.ImapCommand;
import dev.mailplatform.imap.session.ImapSession;
import dev.mailplatform.imap.session.ImapState;
import dev.mailplatform.mailboxclient.MailboxServiceException;
import io.vertx.core.Future;
import java.util.Set;

/**
 * APPEND, authenticated state. RFC 9051 §6.3.12; RFC 4315 §3 APPENDUID; RFC 9051 §7.1 TRYCREATE; RFC 9208 OVERQUOTA.
 * The body goes to S3 under its content hash first, so it is durable before the mailbox service files it. When the
 * target is the selected mailbox the new message is announced before the OK.
 */
public final class AppendHandler implements CommandHandler<ImapCommand.Append> {
    /** Bodies up to this size are sent along with the APPEND request (most are a few kilobytes: sent mail, drafts). */
    static final int INLINE_BYTES = 256 * 1024;

    @Override
    public Set<Class<? extends ImapState>> allowedIn() {
        return ImapState.AUTHENTICATED;
    }

    @Override
    public Future<Completion> handle(ImapSession session, ImapCommand.Append command) {
        byte[] message = command.message();
        if (message.length == 0) {
            return Future.failedFuture(ProtocolException.no(ResponseCode.CANNOT, "Empty message"));
        }
        var account = ImapState.accountOf(session.state());
        var services = session.services();
        // a small body also travels with the request, so the service parses it without reading it back from S3
        byte[] inline = message.length <= INLINE_BYTES ? message : null;
        return services.blobExecutor().executeBlocking(() -> {
            // hashing a large literal takes a while: here, not on the event loop
            String key = BlobKeys.messageKeyOf(message);
            services.blobStore().put(key, message);
            return key;
        }, false).compose(stored -> services.mailboxClient().append(account.accountId(), command.mailbox(),
                new AppendRequest(stored, message.length, command.flags(), command.internalDate(), inline)))
                .recover(e -> Future.failedFuture(translate(e)))
                .compose(result -> {
                    Completion done = new Completion("APPENDUID " + result.uidValidity() + " " + result.uid(),
                            "APPEND completed");
                    if (session.state() instanceof ImapState.Selected s
                            && s.mailbox().name().equals(command.mailbox())) {
                        return session.synchronizeAdded(result).map(v -> done);
                    }
                    return Future.succeededFuture(done);
                });
    }

    private static Throwable translate(Throwable e) {
        if (e instanceof MailboxServiceException mse) {
            if (mse.status() == 404) {
                return ProtocolException.no(ResponseCode.TRYCREATE, "No such mailbox");
            }
            if (mse.status() == 413) {
                return ProtocolException.no(ResponseCode.OVERQUOTA, "Quota exceeded");
            }
        }
        return e;
    }
}
