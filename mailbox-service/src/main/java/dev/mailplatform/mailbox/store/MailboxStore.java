package dev.mailplatform.mailbox.store;

import dev.mailplatform.contracts.api.DeleteMessagesResult;
import dev.mailplatform.contracts.api.MailboxDto;
import dev.mailplatform.contracts.api.MessageDto;
import dev.mailplatform.contracts.events.LocalDelivery;
import dev.mailplatform.contracts.events.MailboxChanged;
import dev.mailplatform.mailbox.api.ApiException;
import dev.mailplatform.mailbox.db.Database;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Mailboxes and messages. Every change that touches UIDs or MODSEQs locks the mailbox row first (SELECT ... FOR
 * UPDATE), so concurrent deliveries and expunges on one mailbox are serialised and uid_next / highest_modseq /
 * counts stay exact. Blocking: worker threads only.
 */
@ApplicationScoped
public class MailboxStore {
    /** RFC 9051 §2.3.1.1: UIDs are 32-bit unsigned. */
    static final long MAX_UID = 4_294_967_295L;

    private final Database db;

    public MailboxStore(Database db) {
        this.db = db;
    }

    /** The identity of a mailbox that changed, for the event published after the commit. */
    public record MailboxRef(UUID tenantId, UUID accountId, UUID mailboxId, String name) {
        public MailboxChanged event(MailboxChanged.Kind kind, long uid, long modseq) {
            return new MailboxChanged(tenantId, accountId, mailboxId, name, kind, uid, modseq, Instant.now());
        }
    }

    public MailboxDto mailbox(UUID accountId, String name) {
        return db.read(c -> {
            requireAccount(c, accountId);
            try (PreparedStatement query = c.prepareStatement("""
                    SELECT id, name, uid_validity, uid_next, highest_modseq, message_count, unseen_count
                    FROM mailboxes WHERE account_id = ? AND name = ?""")) {
                query.setObject(1, accountId);
                query.setString(2, Mailboxes.canonicalName(name));
                try (ResultSet row = query.executeQuery()) {
                    if (!row.next()) {
                        throw ApiException.notFound("no mailbox '" + name + "'");
                    }
                    return new MailboxDto(row.getObject(1, UUID.class), row.getString(2), row.getLong(3),
                            row.getLong(4), row.getLong(5), row.getLong(6), row.getLong(7));
                }
            }
        });
    }

    /** All messages in ascending UID order. */
    public List<MessageDto> messages(UUID accountId, String name) {
        return db.read(c -> {
            requireAccount(c, accountId);
            UUID mailboxId = mailboxId(c, accountId, name, false);
            try (PreparedStatement query = c.prepareStatement("SELECT uid, modseq, size, internal_date, blob_key, "
                    + MessageFlags.COLUMNS + " FROM messages WHERE mailbox_id = ? ORDER BY uid")) {
                query.setObject(1, mailboxId);
                List<MessageDto> messages = new ArrayList<>();
                try (ResultSet row = query.executeQuery()) {
                    while (row.next()) {
                        messages.add(new MessageDto(row.getLong(1), row.getLong(2), row.getLong(3),
                                row.getTimestamp(4).toInstant(), MessageFlags.fromRow(row, 6), row.getString(5)));
                    }
                }
                return messages;
            }
        });
    }

    public record Deletion(DeleteMessagesResult result, MailboxRef mailbox) {
    }

    /**
     * Removes the given UIDs in one transaction with one new MODSEQ (RFC 7162 §3.2.10: an expunge is a change of the
     * mailbox). UIDs that do not exist are ignored; the result lists the ones actually removed, ascending.
     */
    public Deletion delete(UUID accountId, String name, List<Long> uids) {
        Long[] wanted = uids.stream().filter(uid -> uid != null && uid >= 1 && uid <= MAX_UID).distinct()
                .toArray(Long[]::new);
        return db.inTransaction(c -> {
            UUID tenantId = requireAccount(c, accountId);
            UUID mailboxId = mailboxId(c, accountId, name, true);
            long highestModseq = highestModseq(c, mailboxId);
            List<Long> deleted = new ArrayList<>();
            long unseen = 0;
            long bytes = 0;
            if (wanted.length > 0) {
                try (PreparedStatement delete = c.prepareStatement(
                        "DELETE FROM messages WHERE mailbox_id = ? AND uid = ANY (?) RETURNING uid, seen, size")) {
                    delete.setObject(1, mailboxId);
                    delete.setArray(2, c.createArrayOf("bigint", wanted));
                    try (ResultSet row = delete.executeQuery()) {
                        while (row.next()) {
                            deleted.add(row.getLong(1));
                            unseen += row.getBoolean(2) ? 0 : 1;
                            bytes += row.getLong(3);
                        }
                    }
                }
            }
            deleted.sort(null);
            MailboxRef ref = new MailboxRef(tenantId, accountId, mailboxId, Mailboxes.canonicalName(name));
            if (deleted.isEmpty()) {
                return new Deletion(new DeleteMessagesResult(List.of(), highestModseq), ref);
            }
            long modseq = highestModseq + 1;
            try (PreparedStatement tombstones = c.prepareStatement("""
                    INSERT INTO expunged_messages (mailbox_id, uid, modseq)
                    SELECT ?, uid, ? FROM unnest(?::bigint[]) AS uid
                    ON CONFLICT (mailbox_id, uid) DO UPDATE SET modseq = excluded.modseq""")) {
                tombstones.setObject(1, mailboxId);
                tombstones.setLong(2, modseq);
                tombstones.setArray(3, c.createArrayOf("bigint", deleted.toArray()));
                tombstones.executeUpdate();
            }
            try (PreparedStatement update = c.prepareStatement("""
                    UPDATE mailboxes SET highest_modseq = ?, message_count = message_count - ?,
                        unseen_count = unseen_count - ?, total_size = total_size - ?
                    WHERE id = ?""")) {
                update.setLong(1, modseq);
                update.setInt(2, deleted.size());
                update.setLong(3, unseen);
                update.setLong(4, bytes);
                update.setObject(5, mailboxId);
                update.executeUpdate();
            }
            return new Deletion(new DeleteMessagesResult(List.copyOf(deleted), modseq), ref);
        });
    }

    /** What became of one local delivery. */
    public sealed interface DeliveryOutcome {
        /** Stored now; {@code event} is to be published after the commit. */
        record Stored(MailboxChanged event) implements DeliveryOutcome {
        }

        /** Already stored earlier; {@code event} repeats its notification when the message still exists (else null). */
        record Duplicate(MailboxChanged event) implements DeliveryOutcome {
        }

        /** Can never be stored (unknown account, bad data): log and skip. */
        record Rejected(String reason) implements DeliveryOutcome {
        }
    }

    /**
     * Stores one delivery in the account's INBOX in one transaction, at most once per (account, delivery id). The
     * delivery row is inserted under the mailbox lock, so two consumers racing on a redelivered record cannot both
     * store it.
     */
    public DeliveryOutcome deliver(LocalDelivery delivery) {
        String invalid = invalidReason(delivery);
        if (invalid != null) {
            return new DeliveryOutcome.Rejected(invalid);
        }
        return db.inTransaction(c -> {
            UUID tenantId = accountTenant(c, delivery.accountId());
            if (tenantId == null) {
                return new DeliveryOutcome.Rejected("unknown account " + delivery.accountId());
            }
            if (delivery.tenantId() != null && !delivery.tenantId().equals(tenantId)) {
                return new DeliveryOutcome.Rejected("account " + delivery.accountId() + " is not in tenant "
                        + delivery.tenantId());
            }
            UUID mailboxId;
            long uid;
            long modseq;
            try (PreparedStatement lock = c.prepareStatement("""
                    SELECT id, uid_next, highest_modseq FROM mailboxes
                    WHERE account_id = ? AND name = ? FOR UPDATE""")) {
                lock.setObject(1, delivery.accountId());
                lock.setString(2, Mailboxes.INBOX);
                try (ResultSet row = lock.executeQuery()) {
                    if (!row.next()) {
                        return new DeliveryOutcome.Rejected("account " + delivery.accountId() + " has no INBOX");
                    }
                    mailboxId = row.getObject(1, UUID.class);
                    uid = row.getLong(2);
                    modseq = row.getLong(3) + 1;
                }
            }
            MailboxRef ref = new MailboxRef(tenantId, delivery.accountId(), mailboxId, Mailboxes.INBOX);
            if (uid > MAX_UID) {
                // needs a UIDVALIDITY reset (RFC 9051 §2.3.1.1), which is an operator action
                return new DeliveryOutcome.Rejected("INBOX of " + delivery.accountId() + " has exhausted its UIDs");
            }
            try (PreparedStatement claim = c.prepareStatement("""
                    INSERT INTO deliveries (account_id, delivery_id, mailbox_id, uid) VALUES (?, ?, ?, ?)
                    ON CONFLICT (account_id, delivery_id) DO NOTHING""")) {
                claim.setObject(1, delivery.accountId());
                claim.setString(2, delivery.deliveryId());
                claim.setObject(3, mailboxId);
                claim.setLong(4, uid);
                if (claim.executeUpdate() == 0) {
                    return new DeliveryOutcome.Duplicate(existingDelivery(c, ref, delivery.deliveryId()));
                }
            }
            Instant internalDate = delivery.receivedAt() == null ? Instant.now() : delivery.receivedAt();
            try (PreparedStatement insert = c.prepareStatement("""
                    INSERT INTO messages (mailbox_id, uid, tenant_id, account_id, modseq, size, internal_date,
                        blob_key, delivery_id, message_id)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
                insert.setObject(1, mailboxId);
                insert.setLong(2, uid);
                insert.setObject(3, tenantId);
                insert.setObject(4, delivery.accountId());
                insert.setLong(5, modseq);
                insert.setLong(6, delivery.size());
                insert.setTimestamp(7, Timestamp.from(internalDate));
                insert.setString(8, delivery.blobKey());
                insert.setString(9, delivery.deliveryId());
                insert.setString(10, delivery.messageId());
                insert.executeUpdate();
            }
            try (PreparedStatement update = c.prepareStatement("""
                    UPDATE mailboxes SET uid_next = uid_next + 1, highest_modseq = ?,
                        message_count = message_count + 1, unseen_count = unseen_count + 1,
                        total_size = total_size + ?
                    WHERE id = ?""")) {
                update.setLong(1, modseq);
                update.setLong(2, delivery.size());
                update.setObject(3, mailboxId);
                update.executeUpdate();
            }
            return new DeliveryOutcome.Stored(ref.event(MailboxChanged.Kind.MESSAGE_ADDED, uid, modseq));
        });
    }

    private static String invalidReason(LocalDelivery delivery) {
        if (delivery.accountId() == null) {
            return "no accountId";
        }
        if (delivery.deliveryId() == null || delivery.deliveryId().isBlank()) {
            return "no deliveryId";
        }
        if (delivery.blobKey() == null || delivery.blobKey().isBlank()) {
            return "no blobKey";
        }
        if (delivery.size() < 0) {
            return "negative size";
        }
        return null;
    }

    private static MailboxChanged existingDelivery(Connection c, MailboxRef ref, String deliveryId)
            throws SQLException {
        try (PreparedStatement query = c.prepareStatement("""
                SELECT m.uid, m.modseq FROM deliveries d
                JOIN messages m ON m.mailbox_id = d.mailbox_id AND m.uid = d.uid
                WHERE d.account_id = ? AND d.delivery_id = ? AND d.mailbox_id = ?""")) {
            query.setObject(1, ref.accountId());
            query.setString(2, deliveryId);
            query.setObject(3, ref.mailboxId());
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? ref.event(MailboxChanged.Kind.MESSAGE_ADDED, row.getLong(1), row.getLong(2)) : null;
            }
        }
    }

    private static UUID accountTenant(Connection c, UUID accountId) throws SQLException {
        try (PreparedStatement query = c.prepareStatement("SELECT tenant_id FROM accounts WHERE id = ?")) {
            query.setObject(1, accountId);
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? row.getObject(1, UUID.class) : null;
            }
        }
    }

    private static UUID requireAccount(Connection c, UUID accountId) throws SQLException {
        UUID tenantId = accountTenant(c, accountId);
        if (tenantId == null) {
            throw ApiException.notFound("no account " + accountId);
        }
        return tenantId;
    }

    private static UUID mailboxId(Connection c, UUID accountId, String name, boolean forUpdate) throws SQLException {
        try (PreparedStatement query = c.prepareStatement(
                "SELECT id FROM mailboxes WHERE account_id = ? AND name = ?" + (forUpdate ? " FOR UPDATE" : ""))) {
            query.setObject(1, accountId);
            query.setString(2, Mailboxes.canonicalName(name));
            try (ResultSet row = query.executeQuery()) {
                if (!row.next()) {
                    throw ApiException.notFound("no mailbox '" + name + "'");
                }
                return row.getObject(1, UUID.class);
            }
        }
    }

    private static long highestModseq(Connection c, UUID mailboxId) throws SQLException {
        try (PreparedStatement query = c.prepareStatement("SELECT highest_modseq FROM mailboxes WHERE id = ?")) {
            query.setObject(1, mailboxId);
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }
}
