package dev.mailplatform.mailbox.store;

import dev.mailplatform.contracts.Json;
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
     * A blob the tenant already has parsed, with its thread id (null when the message has none); when there is none,
     * a delivery or APPEND must parse the body. APPEND takes the thread id from here for its message row, so that it
     * can take the blob's row lock with {@link #reference} as its last statement.
     */
    public record Known(String threadId) {
    }

    /**
     * Adds one reference and returns the blob's thread id. {@code parsed} is needed only when the tenant has no row for
     * the key yet; when it is null and the row is missing, throws {@link BlobVanishedException}.
     */
    static String reference(Connection c, UUID tenantId, String blobKey, ParsedMessage parsed) throws SQLException {
        if (parsed == null) {
            // the shared lock is taken in the same round trip as the update (the FROM item is evaluated first)
            try (PreparedStatement update = c.prepareStatement("""
                    UPDATE blobs SET refcount = refcount + 1, zero_since = NULL
                    FROM (SELECT pg_advisory_xact_lock_shared(hashtextextended(?, 0))) AS lock
                    WHERE tenant_id = ? AND blob_key = ? RETURNING thread_id""")) {
                update.setString(1, blobKey);
                update.setObject(2, tenantId);
                update.setString(3, blobKey);
                try (ResultSet row = update.executeQuery()) {
                    if (row.next()) {
                        return row.getString(1);
                    }
                }
            }
            throw new BlobVanishedException(blobKey);
        }
        try (PreparedStatement insert = c.prepareStatement(FIRST_REFERENCE)) {
            bindFirstReference(insert, tenantId, blobKey, parsed);
            insert.executeUpdate();
        }
        return parsed.threadId();
    }

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

    static void bindFirstReference(PreparedStatement insert, UUID tenantId, String blobKey, ParsedMessage parsed)
            throws SQLException {
        int i = 1;
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
        insert.setString(i, blobKey);
    }

    /** Adds references to blobs the tenant already has rows for (COPY). */
    static void addReferences(Connection c, UUID tenantId, Map<String, Integer> counts) throws SQLException {
        adjust(c, tenantId, counts, +1);
    }

    /** Drops references (expunge, delete); a count reaching 0 starts the collector's grace period. */
    static void release(Connection c, UUID tenantId, Map<String, Integer> counts) throws SQLException {
        adjust(c, tenantId, counts, -1);
    }

    private static void adjust(Connection c, UUID tenantId, Map<String, Integer> counts, int sign)
            throws SQLException {
        if (counts.isEmpty()) {
            return;
        }
        String[] keys = counts.keySet().toArray(String[]::new);
        Integer[] deltas = new Integer[keys.length];
        // sorted keys: two transactions adjusting overlapping sets lock the rows in the same order (no deadlock)
        java.util.Arrays.sort(keys);
        for (int i = 0; i < keys.length; i++) {
            deltas[i] = sign * counts.get(keys[i]);
        }
        try (PreparedStatement update = c.prepareStatement("""
                UPDATE blobs b SET refcount = GREATEST(b.refcount + v.delta, 0),
                    zero_since = CASE WHEN b.refcount + v.delta <= 0 THEN now() ELSE NULL END
                FROM unnest(?::text[], ?::int[]) AS v(key, delta)
                WHERE b.tenant_id = ? AND b.blob_key = v.key""")) {
            update.setArray(1, c.createArrayOf("text", keys));
            update.setArray(2, c.createArrayOf("integer", deltas));
            update.setObject(3, tenantId);
            update.executeUpdate();
        }
    }
}
