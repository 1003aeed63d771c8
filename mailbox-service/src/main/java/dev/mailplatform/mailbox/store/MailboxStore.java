package dev.mailplatform.mailbox.store;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.mailplatform.contracts.Json;
import dev.mailplatform.contracts.api.AppendResult;
import dev.mailplatform.contracts.api.BodyPartDto;
import dev.mailplatform.contracts.api.ChangesResult;
import dev.mailplatform.contracts.api.CopyMessagesResult;
import dev.mailplatform.contracts.api.DeleteMessagesResult;
import dev.mailplatform.contracts.api.EnvelopeDto;
import dev.mailplatform.contracts.api.MailboxDto;
import dev.mailplatform.contracts.api.MailboxSelection;
import dev.mailplatform.contracts.api.MessageDto;
import dev.mailplatform.contracts.api.StoreFlagsResult;
import dev.mailplatform.contracts.events.DeliveryFailed;
import dev.mailplatform.contracts.events.LocalDelivery;
import dev.mailplatform.contracts.events.MailboxChanged;
import dev.mailplatform.mailbox.api.ApiException;
import dev.mailplatform.mailbox.db.Database;
import dev.mailplatform.mailbox.db.Statements;
import dev.mailplatform.mailbox.mime.ParsedMessage;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Messages: delivery, append, fetch, flags, copy, move, expunge, changes. Every change that touches UIDs or MODSEQs
 * locks the mailbox row first (SELECT ... FOR UPDATE), so concurrent writers on one mailbox are serialised and
 * uid_next / highest_modseq / counts stay exact without scans. Each change returns the events to publish after the
 * commit. Blocking: worker threads only.
 */
@ApplicationScoped
public class MailboxStore {
    /** RFC 9051 §2.3.1.1: UIDs are 32-bit unsigned. */
    static final long MAX_UID = UidSet.MAX_UID;
    private static final String MESSAGE_COLUMNS = "m.uid, m.modseq, m.size, m.internal_date, m.blob_key, m.thread_id, "
            + "m.seen, m.answered, m.flagged, m.deleted, m.draft, array_to_string(m.keywords, ' ')";

    /** Where a query over a UID set names the set's ranges, as rows r(lo, hi) ({@link #lockAndQuery}). */
    private static final String RANGES = "{ranges}";

    private final Database db;
    /** An account never changes tenant: its tenant is read once and kept (bounded; a miss only costs a query). */
    private final Cache<UUID, UUID> tenantOfAccount = Caffeine.newBuilder().maximumSize(100_000).build();

    public MailboxStore(Database db) {
        this.db = db;
    }

    /** The identity of a mailbox that changed, for the event published after the commit. */
    public record MailboxRef(UUID tenantId, UUID accountId, UUID mailboxId, String name) {
        public MailboxChanged event(MailboxChanged.Kind kind, long uid, long modseq) {
            return new MailboxChanged(tenantId, accountId, mailboxId, name, kind, uid, modseq, Instant.now());
        }
    }

    /** A committed result and the events that announce it. */
    public record Change<T>(T result, List<MailboxChanged> events) {
    }

    public MailboxDto mailbox(UUID accountId, String name) {
        return db.read(c -> {
            MailboxRow row = MailboxRow.find(c, accountId, name, false);
            return row.toDto(MailboxTree.hasChildren(c, accountId, row.name()));
        });
    }

    /** All messages in ascending UID order, without ENVELOPE and BODYSTRUCTURE. */
    public List<MessageDto> messages(UUID accountId, String name) {
        return messages(accountId, name, null, false, false);
    }

    /** Messages of a UID set (null: all) in ascending UID order, with the parsed metadata asked for. */
    public List<MessageDto> messages(UUID accountId, String name, UidSet set, boolean envelope, boolean bodyStructure) {
        return db.read(c -> list(c, MailboxRow.find(c, accountId, name, false), set, envelope, bodyStructure));
    }

    /**
     * What SELECT needs in one request: the mailbox's UIDVALIDITY, UIDNEXT and HIGHESTMODSEQ and all its messages, in
     * one statement, so both come from the same snapshot (every change up to that HIGHESTMODSEQ is in the list).
     */
    public MailboxSelection selection(UUID accountId, String name) {
        return db.read(c -> {
            try (PreparedStatement query = c.prepareStatement("SELECT " + MESSAGE_COLUMNS
                    + ", b.uid_validity, b.uid_next, b.highest_modseq"
                    + " FROM mailboxes b LEFT JOIN messages m ON m.mailbox_id = b.id"
                    + " WHERE b.account_id = ? AND b.name = ? ORDER BY m.uid")) {
                query.setObject(1, accountId);
                query.setString(2, Mailboxes.canonicalName(name));
                query.setFetchSize(10_000);
                List<MessageDto> messages = new ArrayList<>();
                long[] state = null;
                try (ResultSet row = query.executeQuery()) {
                    while (row.next()) {
                        if (state == null) {
                            state = new long[] {row.getLong(13), row.getLong(14), row.getLong(15)};
                        }
                        if (row.getObject(1) != null) { // null: the mailbox is empty
                            messages.add(message(row, null, null));
                        }
                    }
                }
                if (state == null) {
                    // no such mailbox (find words the 404), unless it was created just now
                    MailboxRow box = MailboxRow.find(c, accountId, name, false);
                    return new MailboxSelection(box.uidValidity(), box.uidNext(), box.highestModseq(),
                            list(c, box, null, false, false));
                }
                return new MailboxSelection(state[0], state[1], state[2], messages);
            }
        });
    }

    private List<MessageDto> list(Connection c, MailboxRow box, UidSet set, boolean envelope, boolean bodyStructure)
            throws SQLException {
        boolean join = envelope || bodyStructure;
        StringBuilder sql = new StringBuilder("SELECT ").append(MESSAGE_COLUMNS);
        sql.append(envelope ? ", b.envelope::text" : ", NULL").append(bodyStructure ? ", b.bodystructure::text" : ", NULL");
        sql.append(" FROM messages m");
        if (join) {
            sql.append(" LEFT JOIN blobs b ON b.tenant_id = m.tenant_id AND b.blob_key = m.blob_key");
        }
        List<UidSet.Range> ranges = null;
        if (set != null) {
            ranges = set.resolve(set.usesStar() ? maxUid(c, box.id()) : 0);
            if (ranges.isEmpty()) {
                return List.of();
            }
            sql.append(" JOIN " + RANGES + " ON m.uid BETWEEN r.lo AND r.hi");
        }
        sql.append(" WHERE m.mailbox_id = ? ORDER BY m.uid");
        try (PreparedStatement query = c.prepareStatement(ranges == null ? sql.toString()
                : withRanges(sql.toString(), ranges))) {
            int i = ranges == null ? 1 : bindRanges(c, query, 1, ranges);
            query.setObject(i, box.id());
            // large enough that a 10,000-message listing is one round trip, bounded for huge mailboxes
            query.setFetchSize(10_000);
            List<MessageDto> messages = new ArrayList<>();
            try (ResultSet row = query.executeQuery()) {
                while (row.next()) {
                    messages.add(message(row, row.getString(13), row.getString(14)));
                }
            }
            return messages;
        }
    }

    static MessageDto message(ResultSet row, String envelopeJson, String bodyJson) throws SQLException {
        return new MessageDto(row.getLong(1), row.getLong(2), row.getLong(3), row.getTimestamp(4).toInstant(),
                MessageFlags.fromRowJoined(row, 7).toList(), row.getString(5), row.getString(6),
                envelopeJson == null ? null : readJson(envelopeJson, EnvelopeDto.class),
                bodyJson == null ? null : readJson(bodyJson, BodyPartDto.class));
    }

    private static <T> T readJson(String json, Class<T> type) {
        try {
            return Json.MAPPER.readValue(json, type);
        } catch (IOException e) {
            throw new IllegalStateException("stored " + type.getSimpleName() + " is unreadable", e);
        }
    }

    static long maxUid(Connection c, UUID mailboxId) throws SQLException {
        try (PreparedStatement query = c.prepareStatement("SELECT coalesce(max(uid), 0) FROM messages WHERE mailbox_id = ?")) {
            query.setObject(1, mailboxId);
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
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
            MailboxRow box = MailboxRow.find(c, accountId, name, true);
            DeleteMessagesResult result = remove(c, box, wanted, true);
            return new Deletion(result, new MailboxRef(box.tenantId(), accountId, box.id(), box.name()));
        });
    }

    /** EXPUNGE (null set: every \Deleted message) or UID EXPUNGE (RFC 4315 §2.1: only \Deleted ones of the set). */
    public Change<DeleteMessagesResult> expunge(UUID accountId, String name, UidSet set) {
        return db.inTransaction(c -> {
            // the mailbox row lock keeps every other writer of its messages out, so \Deleted is read and acted on in
            // the statement sent with the lock, which also does the bookkeeping; the commit goes with them
            MailboxRow.Locked<Removed> locked = lockAndQuery(c, accountId, name,
                    set == null ? UidSet.EVERY_UID : set, EXPUNGE_DELETED_OF_SET + Statements.THEN_COMMIT,
                    NOTHING_MORE, MailboxStore::removed);
            DeleteMessagesResult result = locked.then().orElse(locked.box().highestModseq());
            return new Change<>(result, expungeEvents(locked.box(), result));
        });
    }

    private static final String EXPUNGE_DELETED_OF_SET = removal("USING " + RANGES
            + " WHERE m.uid BETWEEN r.lo AND r.hi AND m.mailbox_id = " + MailboxRow.ID_BY_NAME + " AND m.deleted", true);

    public static List<MailboxChanged> expungeEvents(MailboxRow box, DeleteMessagesResult result) {
        return result.deleted().stream()
                .map(uid -> box.event(MailboxChanged.Kind.MESSAGE_EXPUNGED, uid, result.highestModseq())).toList();
    }

    /**
     * Deletes messages of a locked mailbox, records their tombstones for QRESYNC with one new MODSEQ, keeps the
     * counters exact and, when {@code releaseBlobs}, drops their blob references (a MOVE keeps them for the copy).
     */
    static DeleteMessagesResult remove(Connection c, MailboxRow box, Long[] uids, boolean releaseBlobs)
            throws SQLException {
        if (uids.length == 0) {
            return new DeleteMessagesResult(List.of(), box.highestModseq());
        }
        try (PreparedStatement delete = c.prepareStatement(releaseBlobs ? REMOVE_RELEASING : REMOVE_KEEPING_BLOBS)) {
            delete.setObject(1, box.id());
            delete.setArray(2, c.createArrayOf("bigint", uids));
            try (ResultSet rows = delete.executeQuery()) {
                return removed(rows).orElse(box.highestModseq());
            }
        }
    }

    private static final String REMOVE_RELEASING = removal("WHERE m.mailbox_id = ? AND m.uid = ANY (?)", true);
    private static final String REMOVE_KEEPING_BLOBS = removal("WHERE m.mailbox_id = ? AND m.uid = ANY (?)", false);

    /**
     * Removal as one statement: the messages {@code which} names (the rest of a DELETE ... FROM messages m) go, with
     * their tombstones (for QRESYNC, one new MODSEQ), the mailbox's counters and, when {@code releaseBlobs}, the
     * references to their blobs ({@link Blobs#adjust}). Returns each removed UID with the new MODSEQ, in UID order;
     * no row (and no new MODSEQ) when none was there.
     */
    private static String removal(String which, boolean releaseBlobs) {
        return """
                WITH removed AS (
                    DELETE FROM messages m\s""" + which + """

                    RETURNING m.mailbox_id, m.tenant_id, m.uid, m.seen, m.size, m.blob_key),
                box AS (
                    UPDATE mailboxes b SET highest_modseq = b.highest_modseq + 1,
                        message_count = b.message_count - s.n, unseen_count = b.unseen_count - s.unseen,
                        total_size = b.total_size - s.bytes
                    FROM (SELECT mailbox_id, count(*) AS n, count(*) FILTER (WHERE NOT seen) AS unseen,
                            sum(size) AS bytes
                          FROM removed GROUP BY mailbox_id) s
                    WHERE b.id = s.mailbox_id
                    RETURNING b.id, b.highest_modseq),
                tombstones AS (
                    INSERT INTO expunged_messages (mailbox_id, uid, modseq)
                    SELECT box.id, removed.uid, box.highest_modseq FROM removed JOIN box ON box.id = removed.mailbox_id
                    ON CONFLICT (mailbox_id, uid) DO UPDATE SET modseq = excluded.modseq)""" + (!releaseBlobs ? "" : """
                ,
                released AS (""" + Blobs.adjust("(SELECT tenant_id, blob_key AS key, -count(*)::int AS delta"
                        + " FROM removed GROUP BY tenant_id, blob_key) AS v", "v.tenant_id") + ")") + """

                SELECT removed.uid, box.highest_modseq FROM removed JOIN box ON box.id = removed.mailbox_id
                ORDER BY removed.uid""";
    }

    /** What a {@link #removal} statement returned; empty when it removed nothing. */
    private static Removed removed(ResultSet row) throws SQLException {
        List<Long> uids = new ArrayList<>();
        long modseq = 0;
        while (row.next()) {
            uids.add(row.getLong(1));
            modseq = row.getLong(2);
        }
        return new Removed(uids, modseq);
    }

    private record Removed(List<Long> uids, long modseq) {
        /** The result, or when nothing was removed the mailbox's unchanged {@code highestModseq}. */
        DeleteMessagesResult orElse(long highestModseq) {
            return uids.isEmpty() ? new DeleteMessagesResult(List.of(), highestModseq)
                    : new DeleteMessagesResult(List.copyOf(uids), modseq);
        }
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

        /** Refused for good (over quota, suspended): the delivery worker turns the event into a DSN. */
        record Failed(DeliveryFailed event) implements DeliveryOutcome {
        }
    }

    /** A delivery with its parsed content; {@code parsed} is null when the tenant already has the blob parsed. */
    public record PreparedDelivery(LocalDelivery delivery, ParsedMessage parsed) {
    }

    public DeliveryOutcome deliver(LocalDelivery delivery, ParsedMessage parsed) {
        return deliverAll(List.of(new PreparedDelivery(delivery, parsed))).get(0);
    }

    /**
     * Stores deliveries in one transaction (batched for throughput: one commit for the whole poll), each at most once
     * per (account, delivery id). Work is done in account order so two batches lock INBOX rows in the same order.
     * The outcomes are in the order of {@code deliveries}. If any statement fails the whole batch rolls back and the
     * caller retries record by record.
     *
     * <p>Round trips are what delivery costs, so the claims of the whole batch go in one JDBC batch, and so do the
     * first references to new blobs and the message rows; only a reference to a blob the tenant already had (whose
     * thread id is read back) is a statement of its own.
     * UIDs are reserved when claiming: a duplicate or a refused delivery leaves a gap, which IMAP allows (UIDs are
     * strictly ascending, not dense).
     */
    public List<DeliveryOutcome> deliverAll(List<PreparedDelivery> deliveries) {
        Integer[] order = new Integer[deliveries.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, Comparator.comparing(i -> {
            UUID account = deliveries.get(i).delivery().accountId();
            return account == null ? "" : account.toString();
        }));
        return db.inTransaction(c -> {
            Map<UUID, Recipient> recipients = new HashMap<>();
            DeliveryOutcome[] outcomes = new DeliveryOutcome[order.length];
            List<Claim> claims = new ArrayList<>();
            for (int index : order) {
                PreparedDelivery prepared = deliveries.get(index);
                Object checked = check(c, prepared.delivery(), recipients);
                if (checked instanceof DeliveryOutcome outcome) {
                    outcomes[index] = outcome;
                } else {
                    Recipient recipient = (Recipient) checked;
                    boolean active = "active".equals(recipient.status);
                    // a refused delivery is recorded with uid 0, so a redelivery is recognised instead of bouncing
                    // twice
                    claims.add(new Claim(index, prepared, recipient, active ? recipient.uidNext++ : 0));
                }
            }
            int[] claimed = claim(c, claims);
            try (MessageInserts inserts = new MessageInserts(c)) {
                for (int i = 0; i < claims.size(); i++) {
                    Claim claim = claims.get(i);
                    outcomes[claim.index] = claimed[i] == 0
                            ? duplicate(c, claim, inserts)
                            : store(c, claim, inserts);
                }
                inserts.execute();
            }
            for (Recipient recipient : recipients.values()) {
                recipient.flush(c);
            }
            return List.of(outcomes);
        });
    }

    /** A delivery that passed the checks, with the UID reserved for it (0 when the account refuses mail). */
    private record Claim(int index, PreparedDelivery prepared, Recipient recipient, long uid) {
        MailboxRef ref() {
            LocalDelivery d = prepared.delivery();
            return new MailboxRef(recipient.tenantId, d.accountId(), recipient.box.id(), Mailboxes.INBOX);
        }
    }

    /**
     * One account's INBOX during a delivery batch: locked once, its UID and MODSEQ counters advanced in memory and
     * written back once per batch (fewer round trips per message, the main cost of delivery).
     */
    private static final class Recipient {
        final UUID tenantId;
        final String status;
        final boolean hasQuota;
        final MailboxRow box;
        long uidNext;
        long modseq;
        int added;
        long bytes;

        Recipient(UUID tenantId, String status, boolean hasQuota, MailboxRow box) {
            this.tenantId = tenantId;
            this.status = status;
            this.hasQuota = hasQuota;
            this.box = box;
            this.uidNext = box == null ? 0 : box.uidNext();
            this.modseq = box == null ? 0 : box.highestModseq();
        }

        /** Writes the pending counters to the mailbox row (new messages arrive unseen). */
        void flush(Connection c) throws SQLException {
            if (box == null || added == 0) {
                return;
            }
            try (PreparedStatement update = c.prepareStatement("""
                    UPDATE mailboxes SET uid_next = ?, highest_modseq = ?, message_count = message_count + ?,
                        unseen_count = unseen_count + ?, total_size = total_size + ?
                    WHERE id = ?""")) {
                update.setLong(1, uidNext);
                update.setLong(2, modseq);
                update.setInt(3, added);
                update.setInt(4, added);
                update.setLong(5, bytes);
                update.setObject(6, box.id());
                update.executeUpdate();
            }
            added = 0;
            bytes = 0;
        }
    }

    private static Recipient recipient(Connection c, UUID accountId) throws SQLException {
        try (PreparedStatement query = c.prepareStatement("""
                SELECT a.tenant_id, a.status, (a.quota_bytes IS NOT NULL OR a.quota_messages IS NOT NULL
                    OR t.quota_bytes IS NOT NULL OR t.quota_messages IS NOT NULL)
                FROM accounts a JOIN tenants t ON t.id = a.tenant_id WHERE a.id = ?""")) {
            query.setObject(1, accountId);
            try (ResultSet row = query.executeQuery()) {
                if (!row.next()) {
                    return null;
                }
                UUID tenantId = row.getObject(1, UUID.class);
                String status = row.getString(2);
                boolean hasQuota = row.getBoolean(3);
                return new Recipient(tenantId, status, hasQuota,
                        MailboxRow.findOrNull(c, accountId, Mailboxes.INBOX, true));
            }
        }
    }

    /** The rejection of a delivery that cannot be claimed, or its recipient (INBOX locked, counters loaded). */
    private static Object check(Connection c, LocalDelivery delivery, Map<UUID, Recipient> recipients)
            throws SQLException {
        String invalid = invalidReason(delivery);
        if (invalid != null) {
            return new DeliveryOutcome.Rejected(invalid);
        }
        Recipient recipient = recipients.get(delivery.accountId());
        if (recipient == null) {
            recipient = recipient(c, delivery.accountId());
            if (recipient == null) {
                return new DeliveryOutcome.Rejected("unknown account " + delivery.accountId());
            }
            recipients.put(delivery.accountId(), recipient);
        }
        if (delivery.tenantId() != null && !delivery.tenantId().equals(recipient.tenantId)) {
            return new DeliveryOutcome.Rejected("account " + delivery.accountId() + " is not in tenant "
                    + delivery.tenantId());
        }
        if (recipient.box == null) {
            return new DeliveryOutcome.Rejected("account " + delivery.accountId() + " has no INBOX");
        }
        if (recipient.uidNext > MAX_UID) {
            // needs a UIDVALIDITY reset (RFC 9051 §2.3.1.1), which is an operator action
            return new DeliveryOutcome.Rejected("INBOX of " + delivery.accountId() + " has exhausted its UIDs");
        }
        return recipient;
    }

    /** Claims every delivery id in one JDBC batch; an entry is 0 where the id was claimed before (a redelivery). */
    private static int[] claim(Connection c, List<Claim> claims) throws SQLException {
        if (claims.isEmpty()) {
            return new int[0];
        }
        try (PreparedStatement insert = c.prepareStatement("""
                INSERT INTO deliveries (account_id, delivery_id, mailbox_id, uid) VALUES (?, ?, ?, ?)
                ON CONFLICT (account_id, delivery_id) DO NOTHING""")) {
            for (Claim claim : claims) {
                LocalDelivery delivery = claim.prepared.delivery();
                insert.setObject(1, delivery.accountId());
                insert.setString(2, delivery.deliveryId());
                insert.setObject(3, claim.recipient.box.id());
                insert.setLong(4, claim.uid);
                insert.addBatch();
            }
            return insert.executeBatch();
        }
    }

    private static DeliveryOutcome duplicate(Connection c, Claim claim, MessageInserts inserts) throws SQLException {
        // the first copy may be earlier in this very batch: its message row must exist before we look it up
        inserts.execute();
        return new DeliveryOutcome.Duplicate(existingDelivery(c, claim.ref(), claim.prepared.delivery().deliveryId()));
    }

    private DeliveryOutcome store(Connection c, Claim claim, MessageInserts inserts) throws SQLException {
        LocalDelivery delivery = claim.prepared.delivery();
        Recipient recipient = claim.recipient;
        if (claim.uid == 0) {
            // RFC 3463 5.2.1: mailbox disabled, not accepting messages
            return new DeliveryOutcome.Failed(failed(delivery, "5.2.1",
                    "mailbox disabled: the account is " + recipient.status));
        }
        if (recipient.hasQuota) {
            recipient.flush(c); // the quota sums the mailbox rows: they must include this batch's messages
            String overQuota = Quotas.exceeded(c, delivery.accountId(), recipient.tenantId, delivery.size(), 1);
            if (overQuota != null) {
                markRefused(c, delivery);
                // RFC 3463 5.2.2: mailbox full
                return new DeliveryOutcome.Failed(failed(delivery, "5.2.2", overQuota));
            }
        }
        ParsedMessage parsed = claim.prepared.parsed();
        String threadId = parsed != null
                ? inserts.addFirstBlobReference(recipient.tenantId, delivery.blobKey(), parsed)
                : Blobs.reference(c, recipient.tenantId, delivery.blobKey(), null);
        Instant internalDate = delivery.receivedAt() == null ? Instant.now() : delivery.receivedAt();
        long modseq = ++recipient.modseq;
        inserts.add(recipient.box, claim.uid, modseq, delivery.size(), internalDate, MessageFlags.NONE,
                delivery.blobKey(), delivery.deliveryId(), delivery.messageId(), threadId);
        recipient.added++;
        recipient.bytes += delivery.size();
        return new DeliveryOutcome.Stored(claim.ref().event(MailboxChanged.Kind.MESSAGE_ADDED, claim.uid, modseq));
    }

    private static void markRefused(Connection c, LocalDelivery delivery) throws SQLException {
        try (PreparedStatement update = c.prepareStatement(
                "UPDATE deliveries SET uid = 0 WHERE account_id = ? AND delivery_id = ?")) {
            update.setObject(1, delivery.accountId());
            update.setString(2, delivery.deliveryId());
            update.executeUpdate();
        }
    }

    private static DeliveryFailed failed(LocalDelivery d, String status, String diagnostic) {
        return new DeliveryFailed(d.deliveryId(), d.messageId(), d.traceId(), d.recipient(), d.mailFrom(),
                d.blobKey(), status, diagnostic, Instant.now());
    }

    private static final String INSERT_MESSAGE = """
            INSERT INTO messages (mailbox_id, uid, tenant_id, account_id, modseq, size, internal_date,
                seen, answered, flagged, deleted, draft, keywords, blob_key, delivery_id, message_id, thread_id)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";

    /** Binds {@link #INSERT_MESSAGE}'s parameters from 1; returns the next free index. */
    private static int bindMessage(Connection c, PreparedStatement insert, MailboxRow box, long uid, long modseq,
            long size, Instant internalDate, MessageFlags flags, String blobKey, String deliveryId, String messageId,
            String threadId) throws SQLException {
        int i = 1;
        insert.setObject(i++, box.id());
        insert.setLong(i++, uid);
        insert.setObject(i++, box.tenantId());
        insert.setObject(i++, box.accountId());
        insert.setLong(i++, modseq);
        insert.setLong(i++, size);
        insert.setTimestamp(i++, Timestamp.from(internalDate));
        i = flags.bind(c, insert, i);
        insert.setString(i++, blobKey);
        insert.setString(i++, deliveryId);
        insert.setString(i++, messageId);
        insert.setString(i++, threadId);
        return i;
    }

    /**
     * Blob and message rows of a delivery batch, sent to PostgreSQL together (one round trip for each kind), blobs
     * first so that every message finds its blob row.
     */
    private static final class MessageInserts implements AutoCloseable {
        private final Connection c;
        private PreparedStatement blobs;
        private int pendingBlobs;
        private PreparedStatement insert;
        private int pending;

        MessageInserts(Connection c) {
            this.c = c;
        }

        /** Queues a first reference to a parsed blob and returns its thread id. */
        String addFirstBlobReference(UUID tenantId, String blobKey, ParsedMessage parsed) throws SQLException {
            if (blobs == null) {
                blobs = c.prepareStatement(Blobs.FIRST_REFERENCE);
            }
            Blobs.bindFirstReference(blobs, 1, tenantId, blobKey, parsed);
            blobs.addBatch();
            pendingBlobs++;
            return parsed.threadId();
        }

        void add(MailboxRow box, long uid, long modseq, long size, Instant internalDate, MessageFlags flags,
                String blobKey, String deliveryId, String messageId, String threadId) throws SQLException {
            if (insert == null) {
                insert = c.prepareStatement(INSERT_MESSAGE);
            }
            bindMessage(c, insert, box, uid, modseq, size, internalDate, flags, blobKey, deliveryId, messageId,
                    threadId);
            insert.addBatch();
            pending++;
        }

        void execute() throws SQLException {
            if (pendingBlobs > 0) {
                blobs.executeBatch();
                pendingBlobs = 0;
            }
            if (pending > 0) {
                insert.executeBatch();
                pending = 0;
            }
        }

        @Override
        public void close() throws SQLException {
            if (blobs != null) {
                blobs.close();
            }
            if (insert != null) {
                insert.close();
            }
        }
    }

    /**
     * APPEND (RFC 9051 §6.3.12) of a body the gateway already stored: one new UID and MODSEQ, flags as given, 413 when
     * the account or tenant quota would be exceeded (RFC 9208 §4: [OVERQUOTA]). {@code parsed} is the body's parse when
     * the tenant ({@code tenantId}, the account's) had no blob for it, otherwise null.
     */
    public Change<AppendResult> append(UUID accountId, UUID tenantId, String name, String blobKey, long size,
            MessageFlags flags, Instant internalDate, ParsedMessage parsed) {
        return db.inTransaction(c -> {
            // with the lock go the quota limits and the blob reference, whose row lock (one body saved by many
            // clients shares it) is held from there to the commit: two round trips; a blob collected meanwhile rolls
            // the APPEND back
            MailboxRow.Locked<AppendChecks> locked = MailboxRow.lockThen(c, accountId, name,
                    Quotas.LIMITS + ";\n" + Blobs.referenceStatement(parsed), (statement, i) -> {
                        statement.setObject(i++, accountId);
                        return Blobs.bindReference(statement, i, tenantId, blobKey, parsed);
                    }, executed -> new AppendChecks(Quotas.Limits.read(Statements.next(executed)),
                            Blobs.referenced(parsed == null ? Statements.next(executed) : null, blobKey, parsed)));
            MailboxRow box = locked.box();
            if (!box.tenantId().equals(tenantId)) {
                throw new IllegalStateException("mailbox " + box.id() + " is not of the account's tenant");
            }
            if (box.uidNext() > MAX_UID) {
                throw ApiException.conflict("mailbox has exhausted its UIDs");
            }
            String overQuota = Quotas.exceeded(c, locked.then().limits(), accountId, tenantId, size, 1);
            if (overQuota != null) {
                throw new ApiException(413, "over_quota", overQuota);
            }
            String threadId = locked.then().threadId();
            long uid = box.uidNext();
            long modseq = box.highestModseq() + 1;
            // the message row, the mailbox's counters and the commit in one round trip
            try (PreparedStatement insert = c.prepareStatement("WITH inserted AS (" + INSERT_MESSAGE + """
                    )
                    UPDATE mailboxes SET uid_next = uid_next + 1, highest_modseq = ?,
                        message_count = message_count + 1, unseen_count = unseen_count + ?,
                        total_size = total_size + ?
                    WHERE id = ?""" + Statements.THEN_COMMIT)) {
                int i = bindMessage(c, insert, box, uid, modseq, size, internalDate, flags, blobKey, null, null,
                        threadId);
                insert.setLong(i++, modseq);
                insert.setInt(i++, flags.seen() ? 0 : 1);
                insert.setLong(i++, size);
                insert.setObject(i, box.id());
                insert.execute();
            }
            MessageDto stored = new MessageDto(uid, modseq, size, internalDate, flags.toList(), blobKey, threadId,
                    null, null);
            return new Change<>(new AppendResult(box.uidValidity(), uid, modseq, stored),
                    List.of(box.event(MailboxChanged.Kind.MESSAGE_ADDED, uid, modseq)));
        });
    }

    /** What APPEND learns with its lock: the quota limits and the thread id of the referenced blob. */
    private record AppendChecks(Quotas.Limits limits, String threadId) {
    }

    /** Reads the rows a statement returns. */
    @FunctionalInterface
    private interface Rows<T> {
        T read(ResultSet rows) throws SQLException;
    }

    /**
     * Locks the mailbox and runs {@code query} over the UIDs of {@code set}: the query names the set's ranges as
     * {@link #RANGES} before it names the mailbox ({@link MailboxRow#ID_BY_NAME}), and {@code more} binds the
     * parameters it has after those. One round trip, unless the set uses "*", which needs the mailbox's highest UID
     * first.
     */
    private static <T> MailboxRow.Locked<T> lockAndQuery(Connection c, UUID accountId, String name, UidSet set,
            String query, Statements.Binder more, Rows<T> rows) throws SQLException {
        if (!set.usesStar()) {
            List<UidSet.Range> ranges = set.resolve(0);
            return MailboxRow.lockThen(c, accountId, name, withRanges(query, ranges),
                    (statement, i) -> more.bind(statement,
                            MailboxRow.bindName(statement, bindRanges(c, statement, i, ranges), accountId, name)),
                    executed -> rows.read(Statements.next(executed)));
        }
        MailboxRow box = MailboxRow.find(c, accountId, name, true);
        List<UidSet.Range> ranges = set.resolve(maxUid(c, box.id()));
        try (PreparedStatement statement = c.prepareStatement(withRanges(query, ranges))) {
            more.bind(statement, MailboxRow.bindName(statement, bindRanges(c, statement, 1, ranges), accountId, name));
            statement.execute();
            try (ResultSet result = statement.getResultSet()) {
                return new MailboxRow.Locked<>(box, rows.read(result));
            }
        }
    }

    /** For a query that has no parameters of its own ({@link #lockAndQuery}). */
    private static final Statements.Binder NOTHING_MORE = (statement, i) -> i;

    private static final String[] RANGE_TYPES = {"bigint", "bigint"};

    private static String withRanges(String query, List<UidSet.Range> ranges) {
        return query.replace(RANGES, Statements.rows(ranges.size(), "r(lo, hi)", RANGE_TYPES));
    }

    private static int bindRanges(Connection c, PreparedStatement statement, int i, List<UidSet.Range> ranges)
            throws SQLException {
        return Statements.bindRows(c, statement, i, RANGE_TYPES, UidSet.froms(ranges), UidSet.tos(ranges));
    }

    /**
     * STORE (RFC 9051 §6.4.6) with CONDSTORE UNCHANGEDSINCE (RFC 7162 §3.1.3): a message whose MODSEQ is above it is
     * left alone and reported in {@code modified}. Every message whose flags change gets its own new MODSEQ. The new
     * flags are worked out by the statement sent with the lock ({@link #storeStatement}), so with the commit it is
     * one round trip; a change that adds keywords commits after the keyword limit is checked.
     */
    public Change<StoreFlagsResult> storeFlags(UUID accountId, String name, UidSet set, String mode,
            MessageFlags change, Long unchangedSince) {
        boolean addsKeywords = mode.equals("ADD") && !change.keywords().isEmpty();
        String statement = storeStatement(mode, !change.keywords().isEmpty())
                + (addsKeywords ? "" : Statements.THEN_COMMIT);
        return db.inTransaction(c -> {
            MailboxRow.Locked<StoreFlagsResult> locked = lockAndQuery(c, accountId, name, set, statement,
                    (update, i) -> {
                        int next = change.bind(c, update, i);
                        update.setObject(next++, unchangedSince, Types.BIGINT);
                        return next;
                    }, rows -> stored(rows, addsKeywords));
            MailboxRow box = locked.box();
            StoreFlagsResult stored = locked.then();
            long highestModseq = stored.updated().isEmpty() ? box.highestModseq()
                    : stored.updated().get(stored.updated().size() - 1).modseq();
            List<MailboxChanged> events = stored.updated().stream()
                    .map(u -> box.event(MailboxChanged.Kind.FLAGS_CHANGED, u.uid(), u.modseq())).toList();
            return new Change<>(new StoreFlagsResult(stored.updated(), stored.modified(), highestModseq), events);
        });
    }

    /**
     * STORE's work under the lock as one statement: the new flags of each message of the set ({@code mode} ADD,
     * REMOVE or REPLACE; keywords compared case-insensitively, added ones after the message's own), a new MODSEQ
     * in UID order for each message they change, the mailbox's counters. Parameters after the ranges and the name:
     * the five system flags, the keywords, UNCHANGEDSINCE (null: none). Returns the changed messages (UID, MODSEQ,
     * flags) and, with a null MODSEQ, those left alone for UNCHANGEDSINCE, in UID order.
     */
    private static String storeStatement(String mode, boolean keywords) {
        String[] system = {"seen", "answered", "flagged", "deleted", "draft"};
        StringBuilder next = new StringBuilder();
        for (String flag : system) {
            next.append(switch (mode) {
                case "ADD" -> "t." + flag + " OR p." + flag;
                case "REMOVE" -> "t." + flag + " AND NOT p." + flag;
                default -> "p." + flag;
            }).append(" AS n_").append(flag).append(", ");
        }
        next.append(switch (mode) {
            case "ADD" -> keywords ? "t.keywords || " + keywordsNotIn("p.keywords", "t.keywords") : "t.keywords";
            case "REMOVE" -> keywords ? keywordsNotIn("t.keywords", "p.keywords") : "t.keywords";
            default -> "p.keywords";
        }).append(" AS n_keywords");
        return """
                WITH target AS (
                    SELECT m.mailbox_id, m.uid, m.modseq, m.seen, m.answered, m.flagged, m.deleted, m.draft,
                        m.keywords
                    FROM\s""" + RANGES + " JOIN messages m ON m.uid BETWEEN r.lo AND r.hi AND m.mailbox_id = "
                + MailboxRow.ID_BY_NAME + """
                ),
                p AS (SELECT ?::boolean AS seen, ?::boolean AS answered, ?::boolean AS flagged, ?::boolean AS deleted,
                        ?::boolean AS draft, ?::text[] AS keywords, ?::bigint AS unchanged_since),
                next AS (
                    SELECT t.*,\s""" + next + """

                    FROM target t, p WHERE p.unchanged_since IS NULL OR t.modseq <= p.unchanged_since),
                changing AS (
                    SELECT n.*, b.highest_modseq + row_number() OVER (ORDER BY n.uid) AS n_modseq
                    FROM next n JOIN mailboxes b ON b.id = n.mailbox_id
                    WHERE (n.n_seen, n.n_answered, n.n_flagged, n.n_deleted, n.n_draft, n.n_keywords)
                        IS DISTINCT FROM (n.seen, n.answered, n.flagged, n.deleted, n.draft, n.keywords)),
                updated AS (
                    UPDATE messages m SET modseq = c.n_modseq, seen = c.n_seen, answered = c.n_answered,
                        flagged = c.n_flagged, deleted = c.n_deleted, draft = c.n_draft, keywords = c.n_keywords
                    FROM changing c WHERE m.mailbox_id = c.mailbox_id AND m.uid = c.uid),
                counters AS (
                    UPDATE mailboxes b SET highest_modseq = b.highest_modseq + s.n,
                        unseen_count = b.unseen_count + s.unseen
                    FROM (SELECT mailbox_id, count(*) AS n, sum((NOT n_seen)::int - (NOT seen)::int) AS unseen
                          FROM changing GROUP BY mailbox_id) s
                    WHERE b.id = s.mailbox_id)
                SELECT uid, n_modseq, n_seen, n_answered, n_flagged, n_deleted, n_draft,
                    array_to_string(n_keywords, ' ')
                FROM changing
                UNION ALL
                SELECT t.uid, NULL, NULL, NULL, NULL, NULL, NULL, NULL
                FROM target t, p WHERE t.modseq > p.unchanged_since
                ORDER BY 1""";
    }

    /** The keywords of array {@code of} that {@code other} lacks (case-insensitively), in their order. */
    private static String keywordsNotIn(String of, String other) {
        return "ARRAY(SELECT a.k FROM unnest(" + of + ") WITH ORDINALITY AS a(k, i) WHERE NOT EXISTS (SELECT 1 FROM"
                + " unnest(" + other + ") AS e(k) WHERE lower(e.k) = lower(a.k)) ORDER BY a.i)";
    }

    /**
     * What a {@link #storeStatement} returned; its highest MODSEQ is filled in by the caller. With
     * {@code checkKeywordLimit} (a STORE that adds keywords, not committed yet) a message left with more than
     * {@link MessageFlags#MAX_KEYWORDS} keywords fails it, and the rollback undoes it.
     */
    private static StoreFlagsResult stored(ResultSet row, boolean checkKeywordLimit) throws SQLException {
        List<StoreFlagsResult.FlagUpdate> updated = new ArrayList<>();
        List<Long> modified = new ArrayList<>();
        while (row.next()) {
            long uid = row.getLong(1);
            long modseq = row.getLong(2);
            if (row.wasNull()) {
                modified.add(uid);
            } else {
                MessageFlags flags = MessageFlags.fromRowJoined(row, 3);
                if (checkKeywordLimit && flags.keywords().size() > MessageFlags.MAX_KEYWORDS) {
                    throw ApiException.badRequest("at most " + MessageFlags.MAX_KEYWORDS + " keywords per message");
                }
                updated.add(new StoreFlagsResult.FlagUpdate(uid, modseq, flags.toList()));
            }
        }
        return new StoreFlagsResult(updated, modified, 0);
    }

    /**
     * COPY (RFC 9051 §6.4.7) or MOVE (RFC 6851): destination UIDs are assigned in source UID order and paired with
     * them in the result (RFC 4315 COPYUID). MOVE is the copy and the expunge of the sources in one transaction.
     * Both mailboxes are locked in id order, so a copy A→B and a copy B→A cannot deadlock.
     */
    public Change<CopyMessagesResult> copy(UUID accountId, String name, UidSet set, String targetName, boolean move) {
        return db.inTransaction(c -> {
            requireAccount(c, accountId);
            String source = Mailboxes.canonicalName(name);
            String target = Mailboxes.canonicalName(targetName);
            Map<String, MailboxRow> locked = new HashMap<>();
            try (PreparedStatement lock = c.prepareStatement("SELECT " + MailboxRow.COLUMNS
                    + " FROM mailboxes WHERE account_id = ? AND name = ANY (?) ORDER BY id FOR UPDATE")) {
                lock.setObject(1, accountId);
                lock.setArray(2, c.createArrayOf("text", new String[] {source, target}));
                try (ResultSet row = lock.executeQuery()) {
                    while (row.next()) {
                        MailboxRow r = MailboxRow.from(row);
                        locked.put(r.name(), r);
                    }
                }
            }
            MailboxRow from = locked.get(source);
            if (from == null) {
                throw ApiException.notFound("no mailbox '" + name + "'");
            }
            MailboxRow to = locked.get(target);
            if (to == null) {
                // RFC 9051 §6.4.7: the gateway answers NO [TRYCREATE]
                throw new ApiException(404, "no_target_mailbox", "no mailbox '" + targetName + "'");
            }
            List<UidSet.Range> ranges = set.resolve(set.usesStar() ? maxUid(c, from.id()) : 0);
            List<Long> sourceUids = new ArrayList<>();
            long bytes = 0;
            long unseen = 0;
            Map<String, Integer> blobs = new HashMap<>();
            if (!ranges.isEmpty()) {
                try (PreparedStatement query = c.prepareStatement(withRanges("SELECT m.uid, m.size, m.seen, m.blob_key"
                        + " FROM messages m JOIN " + RANGES + " ON m.uid BETWEEN r.lo AND r.hi"
                        + " WHERE m.mailbox_id = ? ORDER BY m.uid", ranges))) {
                    query.setObject(bindRanges(c, query, 1, ranges), from.id());
                    try (ResultSet row = query.executeQuery()) {
                        while (row.next()) {
                            sourceUids.add(row.getLong(1));
                            bytes += row.getLong(2);
                            unseen += row.getBoolean(3) ? 0 : 1;
                            blobs.merge(row.getString(4), 1, Integer::sum);
                        }
                    }
                }
            }
            if (sourceUids.isEmpty()) {
                return new Change<>(new CopyMessagesResult(to.uidValidity(), List.of(), List.of()), List.of());
            }
            int n = sourceUids.size();
            if (to.uidNext() + n - 1 > MAX_UID) {
                throw ApiException.conflict("target mailbox has exhausted its UIDs");
            }
            if (!move) {
                String overQuota = Quotas.exceeded(c, accountId, from.tenantId(), bytes, n);
                if (overQuota != null) {
                    throw new ApiException(413, "over_quota", overQuota);
                }
            }
            // a MOVE within one mailbox: the copies must see the counters after the source rows are gone
            boolean sameMailbox = from.id().equals(to.id());
            Long[] src = sourceUids.toArray(Long[]::new);
            Long[] dst = new Long[n];
            Long[] modseqs = new Long[n];
            for (int i = 0; i < n; i++) {
                dst[i] = to.uidNext() + i;
                modseqs[i] = to.highestModseq() + 1 + i;
            }
            try (PreparedStatement insert = c.prepareStatement("""
                    INSERT INTO messages (mailbox_id, uid, tenant_id, account_id, modseq, size, internal_date,
                        seen, answered, flagged, deleted, draft, keywords, blob_key, delivery_id, message_id,
                        thread_id)
                    SELECT ?, v.dst, m.tenant_id, m.account_id, v.modseq, m.size, m.internal_date, m.seen,
                        m.answered, m.flagged, m.deleted, m.draft, m.keywords, m.blob_key, NULL, m.message_id,
                        m.thread_id
                    FROM messages m JOIN unnest(?::bigint[], ?::bigint[], ?::bigint[]) AS v(src, dst, modseq)
                        ON m.uid = v.src
                    WHERE m.mailbox_id = ?""")) {
                insert.setObject(1, to.id());
                insert.setArray(2, c.createArrayOf("bigint", src));
                insert.setArray(3, c.createArrayOf("bigint", dst));
                insert.setArray(4, c.createArrayOf("bigint", modseqs));
                insert.setObject(5, from.id());
                insert.executeUpdate();
            }
            long targetModseq = to.highestModseq() + n;
            try (PreparedStatement update = c.prepareStatement("""
                    UPDATE mailboxes SET uid_next = ?, highest_modseq = ?, message_count = message_count + ?,
                        unseen_count = unseen_count + ?, total_size = total_size + ?
                    WHERE id = ?""")) {
                update.setLong(1, to.uidNext() + n);
                update.setLong(2, targetModseq);
                update.setInt(3, n);
                update.setLong(4, unseen);
                update.setLong(5, bytes);
                update.setObject(6, to.id());
                update.executeUpdate();
            }
            List<MailboxChanged> events = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                events.add(to.event(MailboxChanged.Kind.MESSAGE_ADDED, dst[i], modseqs[i]));
            }
            if (move) {
                MailboxRow current = sameMailbox ? MailboxRow.find(c, accountId, source, false)
                        : from;
                DeleteMessagesResult removed = remove(c, current, src, false);
                events.addAll(expungeEvents(current, removed));
            } else {
                Blobs.addReferences(c, from.tenantId(), blobs);
            }
            return new Change<>(new CopyMessagesResult(to.uidValidity(), sourceUids, List.of(dst)), events);
        });
    }

    /**
     * Changes after a MODSEQ (RFC 7162 §3.1.4 CHANGEDSINCE, §3.2.5.2 VANISHED from the expunge log). The tombstones
     * and the mailbox's pruned-through mark are read by one statement, so a concurrent pruner run is seen whole or
     * not at all.
     */
    public ChangesResult changes(UUID accountId, String name, long sinceModseq) {
        return db.read(c -> {
            MailboxRow box = MailboxRow.find(c, accountId, name, false);
            List<MessageDto> changed = new ArrayList<>();
            try (PreparedStatement query = c.prepareStatement("SELECT " + MESSAGE_COLUMNS
                    + " FROM messages m WHERE m.mailbox_id = ? AND m.modseq > ? ORDER BY m.uid")) {
                query.setObject(1, box.id());
                query.setLong(2, sinceModseq);
                try (ResultSet row = query.executeQuery()) {
                    while (row.next()) {
                        changed.add(message(row, null, null));
                    }
                }
            }
            List<Long> expunged = new ArrayList<>();
            boolean pruned = false;
            try (PreparedStatement query = c.prepareStatement("""
                    SELECT b.expunges_pruned_through, e.uid FROM mailboxes b
                    LEFT JOIN expunged_messages e ON e.mailbox_id = b.id AND e.modseq > ?
                    WHERE b.id = ? ORDER BY e.uid""")) {
                query.setLong(1, sinceModseq);
                query.setObject(2, box.id());
                try (ResultSet row = query.executeQuery()) {
                    while (row.next()) {
                        pruned = row.getLong(1) > sinceModseq;
                        long uid = row.getLong(2);
                        if (!row.wasNull()) {
                            expunged.add(uid);
                        }
                    }
                }
            }
            return new ChangesResult(changed, expunged, box.highestModseq(), pruned);
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

    static UUID accountTenant(Connection c, UUID accountId) throws SQLException {
        try (PreparedStatement query = c.prepareStatement("SELECT tenant_id FROM accounts WHERE id = ?")) {
            query.setObject(1, accountId);
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? row.getObject(1, UUID.class) : null;
            }
        }
    }

    static UUID requireAccount(Connection c, UUID accountId) throws SQLException {
        UUID tenantId = accountTenant(c, accountId);
        if (tenantId == null) {
            throw ApiException.notFound("no account " + accountId);
        }
        return tenantId;
    }

    /** What a search needs of its mailbox. */
    public record MailboxInfo(UUID id, long highestModseq) {
    }

    /** The account's mailbox (404 when the account or the mailbox does not exist). */
    public static MailboxInfo mailboxInfo(Connection c, UUID accountId, String name) throws SQLException {
        MailboxRow row = MailboxRow.find(c, accountId, name, false);
        return new MailboxInfo(row.id(), row.highestModseq());
    }

    /** The tenant of an account, or null when there is no such account; read once ({@link #tenantOfAccount}). */
    public UUID tenantOf(UUID accountId) {
        return tenantOfAccount.get(accountId, id -> db.read(c -> accountTenant(c, id))); // null: not kept
    }

    /** Of these blob keys, the ones the tenant already has parsed (one query for a whole delivery batch). */
    public java.util.Set<String> knownBlobs(UUID tenantId, java.util.Collection<String> blobKeys) {
        return db.read(c -> {
            java.util.Set<String> known = new java.util.HashSet<>();
            try (PreparedStatement query = c.prepareStatement(
                    "SELECT blob_key FROM blobs WHERE tenant_id = ? AND blob_key = ANY (?)")) {
                query.setObject(1, tenantId);
                query.setArray(2, c.createArrayOf("text", blobKeys.toArray()));
                try (ResultSet row = query.executeQuery()) {
                    while (row.next()) {
                        known.add(row.getString(1));
                    }
                }
            }
            return known;
        });
    }

    /**
     * The account's tenant and whether that tenant already has the blob parsed (then it need not be read or parsed
     * again); one query. 404 when there is no such account.
     */
    public Blobs.OfAccount knownBlobOfAccount(UUID accountId, String blobKey) {
        return db.read(c -> {
            try (PreparedStatement query = c.prepareStatement("""
                    SELECT a.tenant_id, b.blob_key IS NOT NULL FROM accounts a
                    LEFT JOIN blobs b ON b.tenant_id = a.tenant_id AND b.blob_key = ?
                    WHERE a.id = ?""")) {
                query.setString(1, blobKey);
                query.setObject(2, accountId);
                try (ResultSet row = query.executeQuery()) {
                    if (!row.next()) {
                        throw ApiException.notFound("no account " + accountId);
                    }
                    return new Blobs.OfAccount(row.getObject(1, UUID.class), row.getBoolean(2));
                }
            }
        });
    }
}
