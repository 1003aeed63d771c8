package dev.mailplatform.imap.session;

import dev.mailplatform.contracts.api.AuthResult;
import java.util.Set;

/** RFC 9051 §3: connection states, each carrying only the data that exists in it. */
public sealed interface ImapState {
    record NotAuthenticated(int authFailures) implements ImapState {
    }

    record Authenticated(AuthResult account) implements ImapState {
    }

    record Selected(AuthResult account, SelectedMailbox mailbox) implements ImapState {
    }

    /** After LOGOUT or BYE: nothing more is read. */
    record LoggedOut() implements ImapState {
    }

    Set<Class<? extends ImapState>> ANY = Set.of(NotAuthenticated.class, Authenticated.class, Selected.class);
    Set<Class<? extends ImapState>> NOT_AUTHENTICATED = Set.of(NotAuthenticated.class);
    Set<Class<? extends ImapState>> AUTHENTICATED = Set.of(Authenticated.class, Selected.class);
    Set<Class<? extends ImapState>> SELECTED = Set.of(Selected.class);

    /** The account of an authenticated or selected state. */
    static AuthResult accountOf(ImapState state) {
        if (state instanceof Authenticated a) {
            return a.account();
        }
        if (state instanceof Selected s) {
            return s.account();
        }
        throw new IllegalStateException("no account in state " + state);
    }
}
