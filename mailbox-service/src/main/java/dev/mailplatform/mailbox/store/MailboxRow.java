package dev.mailplatform.mailbox.store;

import dev.mailplatform.contracts.api.MailboxDto;
import dev.mailplatform.contracts.events.MailboxChanged;
import dev.mailplatform.mailbox.api.ApiException;
import dev.mailplatform.mailbox.db.Statements;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** One mailbox row as read (optionally locked) inside a transaction. */
public record MailboxRow(UUID id, UUID tenantId, UUID accountId, String name, long uidValidity, long uidNext,
        long highestModseq, long messages, long unseen, long sizeBytes, boolean subscribed, String specialUse) {

    static final String COLUMNS = "id, tenant_id, account_id, name, uid_validity, uid_next, highest_modseq, "
            + "message_count, unseen_count, total_size, subscribed, special_use";

    static MailboxRow from(ResultSet row) throws SQLException {
        return new MailboxRow(row.getObject(1, UUID.class), row.getObject(2, UUID.class), row.getObject(3, UUID.class),
                row.getString(4), row.getLong(5), row.getLong(6), row.getLong(7), row.getLong(8), row.getLong(9),
                row.getLong(10), row.getBoolean(11), row.getString(12));
    }

    /**
     * The account's mailbox, or 404. A found row proves the account exists (mailboxes belong to their account), so
     * the account is only looked up to word the 404: one query instead of two on every mailbox request.
     * {@code lock} takes the row lock (writers).
     */
    static MailboxRow find(Connection c, UUID accountId, String name, boolean lock) throws SQLException {
        MailboxRow row = findOrNull(c, accountId, name, lock);
        if (row == null) {
            throw noSuchMailbox(c, accountId, name);
        }
        return row;
    }

    private static ApiException noSuchMailbox(Connection c, UUID accountId, String name) throws SQLException {
        MailboxStore.requireAccount(c, accountId);
        return ApiException.notFound("no mailbox '" + name + "'");
    }

    static MailboxRow findOrNull(Connection c, UUID accountId, String name, boolean lock) throws SQLException {
        try (PreparedStatement query = c.prepareStatement(lock ? LOCK : BY_NAME)) {
            bindName(query, 1, accountId, name);
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? from(row) : null;
            }
        }
    }

    private static final String BY_NAME = "SELECT " + COLUMNS + " FROM mailboxes WHERE account_id = ? AND name = ?";
    private static final String LOCK = BY_NAME + " FOR UPDATE";

    /**
     * How a statement sent with the lock ({@link #lockThen}) names the mailbox whose id it cannot know yet; its two
     * parameters are bound by {@link #bindName}.
     */
    static final String ID_BY_NAME = "(SELECT id FROM mailboxes WHERE account_id = ? AND name = ?)";

    static int bindName(PreparedStatement statement, int i, UUID accountId, String name) throws SQLException {
        statement.setObject(i++, accountId);
        statement.setString(i++, Mailboxes.canonicalName(name));
        return i;
    }

    /** Reads the results of the statements sent after the lock, in order ({@link Statements#next}). */
    @FunctionalInterface
    interface Results<T> {
        T read(PreparedStatement executed) throws SQLException;
    }

    /** A locked mailbox row and what the statements sent with its lock returned. */
    record Locked<T>(MailboxRow box, T then) {
    }

    /**
     * Locks the account's mailbox like {@link #find} and runs {@code then} (one or more statements, parameters bound
     * by {@code binder} from index 3) in the same round trip ({@link Statements}). They run after the lock is granted
     * and see the mailbox as its previous writer left it. When there is no such mailbox they find nothing to act on
     * and the 404 rolls the transaction back.
     */
    static <T> Locked<T> lockThen(Connection c, UUID accountId, String name, String then, Statements.Binder binder,
            Results<T> results) throws SQLException {
        MailboxRow box;
        T read;
        try (PreparedStatement statements = c.prepareStatement(LOCK + ";\n" + then)) {
            binder.bind(statements, bindName(statements, 1, accountId, name));
            statements.execute();
            try (ResultSet row = statements.getResultSet()) {
                box = row.next() ? from(row) : null;
            }
            read = results.read(statements);
        }
        if (box == null) {
            throw noSuchMailbox(c, accountId, name);
        }
        return new Locked<>(box, read);
    }

    public MailboxDto toDto(boolean hasChildren) {
        return new MailboxDto(id, name, uidValidity, uidNext, highestModseq, messages, unseen,
                specialUse == null ? List.of() : List.of(specialUse), subscribed, hasChildren, sizeBytes);
    }

    public MailboxChanged event(MailboxChanged.Kind kind, long uid, long modseq) {
        return new MailboxChanged(tenantId, accountId, id, name, kind, uid, modseq, Instant.now());
    }
}
