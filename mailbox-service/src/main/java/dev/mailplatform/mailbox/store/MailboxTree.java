package dev.mailplatform.mailbox.store;

import dev.mailplatform.contracts.api.MailboxDto;
import dev.mailplatform.contracts.events.MailboxChanged;
import dev.mailplatform.mailbox.api.ApiException;
import dev.mailplatform.mailbox.db.Database;
import dev.mailplatform.mailbox.db.DatabaseException;
import dev.mailplatform.mailbox.store.MailboxStore.Change;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The mailbox hierarchy of an account (RFC 9051 §6.3: LIST, CREATE, DELETE, RENAME, SUBSCRIBE). Names use
 * {@link Mailboxes#DELIMITER}; superiors are real mailboxes, created implicitly. Blocking: worker threads only.
 */
@ApplicationScoped
public class MailboxTree {
    private final Database db;

    public MailboxTree(Database db) {
        this.db = db;
    }

    /** LIST / LSUB: mailboxes matching the pattern, INBOX first, then by name. */
    public List<MailboxDto> list(UUID accountId, String pattern, boolean subscribedOnly) {
        Pattern matcher = Mailboxes.listPattern(pattern);
        return db.read(c -> {
            MailboxStore.requireAccount(c, accountId);
            List<MailboxRow> rows = new ArrayList<>();
            try (PreparedStatement query = c.prepareStatement(
                    "SELECT " + MailboxRow.COLUMNS + " FROM mailboxes WHERE account_id = ?")) {
                query.setObject(1, accountId);
                try (ResultSet row = query.executeQuery()) {
                    while (row.next()) {
                        rows.add(MailboxRow.from(row));
                    }
                }
            }
            rows.sort(Comparator.comparing((MailboxRow r) -> !r.name().equals(Mailboxes.INBOX))
                    .thenComparing(MailboxRow::name));
            List<MailboxDto> out = new ArrayList<>();
            for (MailboxRow r : rows) {
                if ((subscribedOnly && !r.subscribed()) || !matcher.matcher(r.name()).matches()) {
                    continue;
                }
                String prefix = r.name() + Mailboxes.DELIMITER;
                boolean children = rows.stream().anyMatch(o -> o.name().startsWith(prefix));
                out.add(r.toDto(children));
            }
            return out;
        });
    }

    static boolean hasChildren(Connection c, UUID accountId, String name) throws SQLException {
        try (PreparedStatement query = c.prepareStatement(
                "SELECT 1 FROM mailboxes WHERE account_id = ? AND starts_with(name, ?) LIMIT 1")) {
            query.setObject(1, accountId);
            query.setString(2, name + Mailboxes.DELIMITER);
            try (ResultSet row = query.executeQuery()) {
                return row.next();
            }
        }
    }

    /** CREATE (RFC 9051 §6.3.4), superiors implied; 409 when the name exists. Not subscribed (RFC 9051 §6.3.4). */
    public Change<MailboxDto> create(UUID accountId, String rawName, String rawSpecialUse) {
        String name = Mailboxes.validName(rawName);
        String specialUse = Mailboxes.specialUse(rawSpecialUse);
        try {
            return db.inTransaction(c -> {
                UUID tenantId = MailboxStore.requireAccount(c, accountId);
                lockAccount(c, accountId);
                if (MailboxRow.findOrNull(c, accountId, name, false) != null) {
                    throw ApiException.conflict("mailbox '" + name + "' already exists");
                }
                List<MailboxChanged> events = new ArrayList<>();
                for (String parent : Mailboxes.parents(name)) {
                    if (MailboxRow.findOrNull(c, accountId, parent, false) == null) {
                        Mailboxes.create(c, tenantId, accountId, parent, null, false);
                        events.add(MailboxRow.find(c, accountId, parent, false)
                                .event(MailboxChanged.Kind.MAILBOX_CREATED, 0, 1));
                    }
                }
                Mailboxes.create(c, tenantId, accountId, name, specialUse, false);
                MailboxRow row = MailboxRow.find(c, accountId, name, false);
                events.add(row.event(MailboxChanged.Kind.MAILBOX_CREATED, 0, row.highestModseq()));
                return new Change<>(row.toDto(false), events);
            });
        } catch (DatabaseException e) {
            throw e.isUniqueViolation() ? ApiException.conflict("mailbox '" + name + "' already exists") : e;
        }
    }

    /**
     * DELETE (RFC 9051 §6.3.5): INBOX cannot be deleted; the mailbox's messages go with it (their blob references are
     * released and the expunges recorded). Inferior names stay, as RFC 9051 allows.
     */
    public Change<Void> delete(UUID accountId, String rawName) {
        String name = Mailboxes.canonicalName(rawName);
        if (Mailboxes.INBOX.equals(name)) {
            throw ApiException.badRequest("INBOX cannot be deleted (RFC 9051 §6.3.5)");
        }
        return db.inTransaction(c -> {
            MailboxStore.requireAccount(c, accountId);
            MailboxRow box = MailboxRow.find(c, accountId, name, true);
            Long[] uids = allUids(c, box.id());
            MailboxStore.remove(c, box, uids, true);
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM expunged_messages WHERE mailbox_id = ?")) {
                delete.setObject(1, box.id());
                delete.executeUpdate();
            }
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM mailboxes WHERE id = ?")) {
                delete.setObject(1, box.id());
                delete.executeUpdate();
            }
            return new Change<Void>(null, List.of(box.event(MailboxChanged.Kind.MAILBOX_DELETED, 0,
                    box.highestModseq())));
        });
    }

    /**
     * RENAME (RFC 9051 §6.3.6): the mailbox and every inferior name move; superiors of the new name are created.
     * Renaming INBOX moves its messages to a new mailbox and leaves INBOX empty (its inferiors stay).
     */
    public Change<MailboxDto> rename(UUID accountId, String rawName, String rawNewName) {
        String name = Mailboxes.canonicalName(rawName);
        String newName = Mailboxes.validName(rawNewName);
        if (newName.equals(name)) {
            throw ApiException.conflict("mailbox '" + newName + "' already exists");
        }
        if (newName.startsWith(name + Mailboxes.DELIMITER)) {
            throw ApiException.badRequest("a mailbox cannot be renamed below itself");
        }
        if (Mailboxes.INBOX.equals(newName)) {
            throw ApiException.conflict("mailbox 'INBOX' already exists");
        }
        try {
            return db.inTransaction(c -> {
                UUID tenantId = MailboxStore.requireAccount(c, accountId);
                lockAccount(c, accountId);
                MailboxRow box = MailboxRow.find(c, accountId, name, true);
                if (MailboxRow.findOrNull(c, accountId, newName, false) != null) {
                    throw ApiException.conflict("mailbox '" + newName + "' already exists");
                }
                List<MailboxChanged> events = new ArrayList<>();
                for (String parent : Mailboxes.parents(newName)) {
                    if (MailboxRow.findOrNull(c, accountId, parent, false) == null
                            && !(parent.equals(name) || parent.startsWith(name + Mailboxes.DELIMITER))) {
                        Mailboxes.create(c, tenantId, accountId, parent, null, false);
                        events.add(MailboxRow.find(c, accountId, parent, false)
                                .event(MailboxChanged.Kind.MAILBOX_CREATED, 0, 1));
                    }
                }
                if (Mailboxes.INBOX.equals(name)) {
                    Mailboxes.create(c, tenantId, accountId, newName, null, box.subscribed());
                    MailboxRow target = MailboxRow.find(c, accountId, newName, true);
                    events.add(target.event(MailboxChanged.Kind.MAILBOX_CREATED, 0, target.highestModseq()));
                    Long[] uids = allUids(c, box.id());
                    if (uids.length > 0) {
                        moveAll(c, box, target, uids);
                        events.add(box.event(MailboxChanged.Kind.MAILBOX_RENAMED, 0, box.highestModseq()));
                    }
                    return new Change<>(MailboxRow.find(c, accountId, newName, false)
                            .toDto(false), events);
                }
                try (PreparedStatement update = c.prepareStatement("""
                        UPDATE mailboxes SET name = ? || substr(name, ?)
                        WHERE account_id = ? AND (name = ? OR starts_with(name, ?))""")) {
                    update.setString(1, newName);
                    update.setInt(2, name.length() + 1);
                    update.setObject(3, accountId);
                    update.setString(4, name);
                    update.setString(5, name + Mailboxes.DELIMITER);
                    update.executeUpdate();
                }
                MailboxRow renamed = MailboxRow.find(c, accountId, newName, false);
                events.add(renamed.event(MailboxChanged.Kind.MAILBOX_RENAMED, 0, renamed.highestModseq()));
                return new Change<>(renamed.toDto(hasChildren(c, accountId, newName)), events);
            });
        } catch (DatabaseException e) {
            throw e.isUniqueViolation() ? ApiException.conflict("a mailbox below '" + newName + "' already exists")
                    : e;
        }
    }

    private static void moveAll(Connection c, MailboxRow from, MailboxRow to, Long[] uids) throws SQLException {
        int n = uids.length;
        Long[] dst = new Long[n];
        for (int i = 0; i < n; i++) {
            dst[i] = to.uidNext() + i;
        }
        try (PreparedStatement insert = c.prepareStatement("""
                INSERT INTO messages (mailbox_id, uid, tenant_id, account_id, modseq, size, internal_date,
                    seen, answered, flagged, deleted, draft, keywords, blob_key, delivery_id, message_id, thread_id)
                SELECT ?, v.dst, m.tenant_id, m.account_id, ?, m.size, m.internal_date, m.seen, m.answered,
                    m.flagged, m.deleted, m.draft, m.keywords, m.blob_key, NULL, m.message_id, m.thread_id
                FROM messages m JOIN unnest(?::bigint[], ?::bigint[]) AS v(src, dst) ON m.uid = v.src
                WHERE m.mailbox_id = ?""")) {
            insert.setObject(1, to.id());
            insert.setLong(2, to.highestModseq() + 1);
            insert.setArray(3, c.createArrayOf("bigint", uids));
            insert.setArray(4, c.createArrayOf("bigint", dst));
            insert.setObject(5, from.id());
            insert.executeUpdate();
        }
        try (PreparedStatement update = c.prepareStatement("""
                UPDATE mailboxes SET uid_next = ?, highest_modseq = ?, message_count = ?, unseen_count = ?,
                    total_size = ?
                WHERE id = ?""")) {
            update.setLong(1, to.uidNext() + n);
            update.setLong(2, to.highestModseq() + 1);
            update.setLong(3, from.messages());
            update.setLong(4, from.unseen());
            update.setLong(5, from.sizeBytes());
            update.setObject(6, to.id());
            update.executeUpdate();
        }
        MailboxStore.remove(c, from, uids, false);
    }

    /** SUBSCRIBE / UNSUBSCRIBE (RFC 9051 §6.3.7). */
    public void subscribe(UUID accountId, String rawName, boolean subscribed) {
        db.inTransaction(c -> {
            MailboxStore.requireAccount(c, accountId);
            MailboxRow box = MailboxRow.find(c, accountId, rawName, false);
            try (PreparedStatement update = c.prepareStatement("UPDATE mailboxes SET subscribed = ? WHERE id = ?")) {
                update.setBoolean(1, subscribed);
                update.setObject(2, box.id());
                update.executeUpdate();
            }
            return null;
        });
    }

    static Long[] allUids(Connection c, UUID mailboxId) throws SQLException {
        List<Long> uids = new ArrayList<>();
        try (PreparedStatement query = c.prepareStatement("SELECT uid FROM messages WHERE mailbox_id = ? ORDER BY uid")) {
            query.setObject(1, mailboxId);
            try (ResultSet row = query.executeQuery()) {
                while (row.next()) {
                    uids.add(row.getLong(1));
                }
            }
        }
        return uids.toArray(Long[]::new);
    }

    /** Serialises hierarchy changes of one account (create and rename check names, then write several rows). */
    private static void lockAccount(Connection c, UUID accountId) throws SQLException {
        try (PreparedStatement lock = c.prepareStatement("SELECT 1 FROM accounts WHERE id = ? FOR NO KEY UPDATE")) {
            lock.setObject(1, accountId);
            lock.executeQuery().close();
        }
    }
}
