package dev.mailplatform.imap.command;

import dev.mailplatform.imap.protocol.ImapResponses;
import dev.mailplatform.imap.protocol.command.ImapCommand;
import dev.mailplatform.imap.session.ImapSession;
import dev.mailplatform.imap.session.ImapSession.Enabled;
import dev.mailplatform.imap.session.ImapState;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * ENABLE, authenticated state (RFC 5161 §3.1; RFC 9051 §6.3.1). Unknown names are ignored; only newly enabled ones
 * are listed. QRESYNC implies CONDSTORE (RFC 7162 §3.2.3).
 */
public final class EnableHandler implements CommandHandler<ImapCommand.Enable> {
    @Override
    public Set<Class<? extends ImapState>> allowedIn() {
        return ImapState.AUTHENTICATED;
    }

    @Override
    public Future<Completion> handle(ImapSession session, ImapCommand.Enable command) {
        List<String> newly = new ArrayList<>();
        for (String name : command.capabilities()) {
            Enabled extension = switch (name) {
                case "CONDSTORE" -> Enabled.CONDSTORE;
                case "QRESYNC" -> Enabled.QRESYNC;
                case "UTF8=ACCEPT" -> Enabled.UTF8_ACCEPT;
                case "IMAP4REV2" -> Enabled.IMAP4REV2;
                default -> null;
            };
            if (extension == null || session.isEnabled(extension)) {
                continue;
            }
            session.enable(extension);
            newly.add(name.equals("IMAP4REV2") ? "IMAP4rev2" : name);
            if (extension == Enabled.QRESYNC && !session.isEnabled(Enabled.CONDSTORE)) {
                session.enable(Enabled.CONDSTORE);
                newly.add("CONDSTORE");
            }
        }
        session.write(ImapResponses.untagged("ENABLED" + (newly.isEmpty() ? "" : " " + String.join(" ", newly))));
        return Future.succeededFuture(Completion.ok("ENABLE completed"));
    }
}
