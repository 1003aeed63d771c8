package dev.mailplatform.mailbox.store;

import dev.mailplatform.contracts.Json;
import dev.mailplatform.mailbox.db.Statements;
import dev.mailplatform.mailbox.mime.ParsedMessage;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.Map;
import java.util.UUID;

/**
 * Per-tenant blob rows: parsed metadata plus the reference count that the garbage collector reads. Every change runs in
 * the caller's transaction, together with the message insert or delete it accounts for.
 *
 * <p>Race with the collector: a new reference first takes a shared advisory lock on the key, the collector an exclusive
 * one before it re-checks and deletes, so a reference is either counted before the collector looks or made after the
 * row (and possibly the object) is gone, in which case {@link BlobVanishedException} makes the caller re-parse.
 */
public final class Blobs {
    private Blobs() {
    }

    /** The blob row disappeared between preparation and storage (collected): parse again and retry. */
    public static final class BlobVanishedException extends RuntimeException {
        public BlobVanishedException(String key) {
            super("blob " + key + " was collected concurrently", null, false, false);
        }
    }

    /**
     * An account's tenant and whether that tenant already has a blob parsed; when not, a delivery or APPEND must parse
     * the body.
     */
    public record OfAccount(UUID tenantId, boolean known) {
    }

    /**
     * Adds one reference and returns the blob's thread id. {@code parsed} is needed only when the tenant has no row for
     * the key yet; when it is null and the row is missing, throws {@link BlobVanishedException}.
     */
    static String reference(Connection c, UUID tenantId, String blobKey, ParsedMessage parsed) throws SQLException {
        try (PreparedStatement statement = c.prepareStatement(referenceStatement(parsed))) {
            bindReference(statement, 1, tenantId, blobKey, parsed);
            statement.execute();
            return referenced(statement.getResultSet(), blobKey, parsed);
        }
    }

    /** The statement {@link #reference} runs; to send it with others, bind it with {@link #bindReference}. */
    static String referenceStatement(ParsedMessage parsed) {
        return parsed == null ? ADD_REFERENCE : FIRST_REFERENCE;
    }

    static int bindReference(PreparedStatement statement, int i, UUID tenantId, String blobKey, ParsedMessage parsed)
            throws SQLException {
        if (parsed != null) {
            return bindFirstReference(statement, i, tenantId, blobKey, parsed);
        }
        statement.setString(i++, blobKey);
        statement.setObject(i++, tenantId);
        statement.setString(i++, blobKey);
        return i;
    }

    /**
     * The thread id once the {@link #referenceStatement} ran: {@code returned} is its result set (none for a first
     * reference, whose thread id {@code parsed} has).
     */
    static String referenced(ResultSet returned, String blobKey, ParsedMessage parsed) throws SQLException {
        if (parsed != null) {
            return parsed.threadId();
        }
        try (returned) {
            if (returned.next()) {
                return returned.getString(1);
            }
        }
        throw new BlobVanishedException(blobKey);
    }

    /**
     * One more reference to a row the tenant has; returns nothing when the collector took the row meanwhile. The
     * shared lock is taken in the same statement as the update (the FROM item is evaluated first).
     */
    private static final String ADD_REFERENCE = """
            UPDATE blobs SET refcount = refcount + 1, zero_since = NULL
            FROM (SELECT pg_advisory_xact_lock_shared(hashtextextended(?, 0))) AS lock
            WHERE tenant_id = ? AND blob_key = ? RETURNING thread_id""";

    /**
     * A first reference to a parsed blob (a row that exists after all, from a concurrent first delivery, just gains a
     * reference). It must not interleave with the collector deleting the object: the row to insert is produced by a
     * SELECT that takes the shared lock first, in the same statement. No RETURNING, so deliveries can send these in a
     * JDBC batch: the thread id is a function of the content, which the key addresses, so {@code parsed} has it.
     */
    static final String FIRST_REFERENCE = """
            INSERT INTO blobs (tenant_id, blob_key, refcount, size, parse_status, envelope, bodystructure,
                thread_id, sent_at, sent_date, hdr_from, hdr_to, hdr_cc, hdr_bcc, hdr_subject, base_subject,
                sort_from, sort_to, sort_cc, hdr_message_id, hdr_in_reply_to, hdr_references, header_text,
                body_text)
            SELECT ?, ?, 1, ?, ?, ?::jsonb, ?::jsonb, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?
            FROM (SELECT pg_advisory_xact_lock_shared(hashtextextended(?, 0))) AS lock
            ON CONFLICT (tenant_id, blob_key) DO UPDATE SET refcount = blobs.refcount + 1, zero_since = NULL""";

    /** Binds {@link #FIRST_REFERENCE} from index {@code i}; returns the next free index. */
    static int bindFirstReference(PreparedStatement insert, int i, UUID tenantId, String blobKey,
            ParsedMessage parsed) throws SQLException {
        insert.setObject(i++, tenantId);
        insert.setString(i++, blobKey);
        insert.setLong(i++, parsed.size());
        insert.setString(i++, parsed.status());
        insert.setString(i++, new String(Json.toBytes(parsed.envelope()), java.nio.charset.StandardCharsets.UTF_8));
        insert.setString(i++, new String(Json.toBytes(parsed.bodyStructure()), java.nio.charset.StandardCharsets.UTF_8));
        insert.setString(i++, parsed.threadId());
        if (parsed.sentAt() == null) {
            insert.setNull(i++, Types.TIMESTAMP_WITH_TIMEZONE);
            insert.setNull(i++, Types.DATE);
        } else {
            insert.setTimestamp(i++, Timestamp.from(parsed.sentAt()));
            insert.setDate(i++, Date.valueOf(parsed.sentDate()));
        }
        insert.setString(i++, parsed.from());
        insert.setString(i++, parsed.to());
        insert.setString(i++, parsed.cc());
        insert.setString(i++, parsed.bcc());
        insert.setString(i++, parsed.subject());
        insert.setString(i++, parsed.baseSubject());
        insert.setString(i++, parsed.sortFrom());
        insert.setString(i++, parsed.sortTo());
        insert.setString(i++, parsed.sortCc());
        insert.setString(i++, parsed.messageId());
        insert.setString(i++, parsed.inReplyTo());
        insert.setString(i++, parsed.references());
        insert.setString(i++, parsed.headerText());
        insert.setString(i++, parsed.bodyText());
        insert.setString(i++, blobKey);
        return i;
    }

    /** Adds references to blobs the tenant already has rows for (COPY). */
    static void addReferences(Connection c, UUID tenantId, Map<String, Integer> counts) throws SQLException {
        if (counts.isEmpty()) {
            return;
        }
        String[] keys = counts.keySet().toArray(String[]::new);
        // sorted keys: two transactions adjusting overlapping sets lock the rows in the same order (no deadlock)
        java.util.Arrays.sort(keys);
        Integer[] deltas = new Integer[keys.length];
        for (int k = 0; k < keys.length; k++) {
            deltas[k] = counts.get(keys[k]);
        }
        try (PreparedStatement update = c.prepareStatement(
                adjust(Statements.rows(keys.length, "v(key, delta)", ADJUST_TYPES), "?"))) {
            int i = Statements.bindRows(c, update, 1, ADJUST_TYPES, keys, deltas);
            update.setObject(i, tenantId);
            update.executeUpdate();
        }
    }

    private static final String[] ADJUST_TYPES = {"text", "integer"};

    /**
     * Changes the reference counts of a tenant's blobs (COPY adds, expunge and delete take away): {@code deltas} is a
     * FROM item v(key, delta), {@code tenant} the SQL for the tenant's id. A count reaching 0 starts the collector's
     * grace period.
     */
    static String adjust(String deltas, String tenant) {
        return """
                UPDATE blobs b SET refcount = GREATEST(b.refcount + v.delta, 0),
                    zero_since = CASE WHEN b.refcount + v.delta <= 0 THEN now() ELSE NULL END
                FROM\s""" + deltas + "\nWHERE b.tenant_id = " + tenant + " AND b.blob_key = v.key";
    }
}
