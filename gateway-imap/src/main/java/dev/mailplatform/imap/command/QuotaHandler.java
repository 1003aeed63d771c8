package dev.mailplatform.imap.command;

import dev.mailplatform.contracts.api.QuotaDto;
import dev.mailplatform.imap.error.ProtocolException;
import dev.mailplatform.imap.error.ResponseCode;
import dev.mailplatform.imap.protocol.ImapResponses;
import dev.mailplatform.imap.protocol.ImapStrings;
import dev.mailplatform.imap.protocol.MailboxNames;
import dev.mailplatform.imap.protocol.command.ImapCommand;
import dev.mailplatform.imap.session.ImapSession;
import dev.mailplatform.imap.session.ImapState;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * GETQUOTA and GETQUOTAROOT, authenticated state (RFC 9208 §4.2, §4.3). Each account has one quota root, "", holding
 * STORAGE (in KiB, RFC 9208 §5.1) and MESSAGE; unlimited resources are left out.
 */
public final class QuotaHandler implements CommandHandler<ImapCommand.GetQuota> {
    @Override
    public Set<Class<? extends ImapState>> allowedIn() {
        return ImapState.AUTHENTICATED;
    }

    @Override
    public Future<Completion> handle(ImapSession session, ImapCommand.GetQuota command) {
        var account = ImapState.accountOf(session.state());
        var client = session.services().mailboxClient();
        if (command.root() != null) {
            if (!command.root().isEmpty()) {
                return Future.failedFuture(ProtocolException.no(ResponseCode.NONEXISTENT, "No such quota root"));
            }
            return client.quota(account.accountId()).map(quota -> {
                session.write(ImapResponses.untagged(quotaLine(quota)));
                return Completion.ok("GETQUOTA completed");
            });
        }
        return client.mailbox(account.accountId(), command.mailbox())
                .compose(box -> client.quota(account.accountId()))
                .map(quota -> {
                    session.write(ImapResponses.untagged("QUOTAROOT " + ImapStrings.astring(
                            MailboxNames.toClient(command.mailbox(), session.utf8())) + " \"\""));
                    session.write(ImapResponses.untagged(quotaLine(quota)));
                    return Completion.ok("GETQUOTAROOT completed");
                });
    }

    private static String quotaLine(QuotaDto quota) {
        List<String> resources = new ArrayList<>();
        if (quota.limitBytes() >= 0) {
            resources.add("STORAGE " + ceilKib(quota.usedBytes()) + " " + quota.limitBytes() / 1024);
        }
        if (quota.limitMessages() >= 0) {
            resources.add("MESSAGE " + quota.usedMessages() + " " + quota.limitMessages());
        }
        return "QUOTA \"\" (" + String.join(" ", resources) + ")";
    }

    private static long ceilKib(long bytes) {
        return (bytes + 1023) / 1024;
    }
}
