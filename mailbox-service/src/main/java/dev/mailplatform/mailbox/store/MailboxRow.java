package dev.mailplatform.mailbox.store;

import dev.mailplatform.contracts.api.MailboxDto;
import dev.mailplatform.contracts.events.MailboxChanged;
import dev.mailplatform.mailbox.api.ApiException;
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
            MailboxStore.requireAccount(c, accountId);
            throw ApiException.notFound("no mailbox '" + name + "'");
        }
        return row;
    }

    static MailboxRow findOrNull(Connection c, UUID accountId, String name, boolean lock) throws SQLException {
        try (PreparedStatement query = c.prepareStatement("SELECT " + COLUMNS
                + " FROM mailboxes WHERE account_id = ? AND name = ?" + (lock ? " FOR UPDATE" : ""))) {
            query.setObject(1, accountId);
            query.setString(2, Mailboxes.canonicalName(name));
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? from(row) : null;
            }
        }
    }

    public MailboxDto toDto(boolean hasChildren) {
        return new MailboxDto(id, name, uidValidity, uidNext, highestModseq, messages, unseen,
                specialUse == null ? List.of() : List.of(specialUse), subscribed, hasChildren, sizeBytes);
    }

    public MailboxChanged event(MailboxChanged.Kind kind, long uid, long modseq) {
        return new MailboxChanged(tenantId, accountId, id, name, kind, uid, modseq, Instant.now());
    }
}
