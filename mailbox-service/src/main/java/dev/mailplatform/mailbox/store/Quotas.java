package dev.mailplatform.mailbox.store;

import dev.mailplatform.contracts.api.QuotaDto;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;

/**
 * Storage quotas (RFC 9208 STORAGE and MESSAGE resources) per account and per tenant. Usage is summed from the
 * mailbox rows' exact counters, so it is never out of step with the messages. Checked under the target mailbox's lock;
 * two concurrent writes to different mailboxes of one account may together overshoot by one message each, which is
 * the accepted price of not serialising every delivery of a tenant on one row.
 */
public final class Quotas {
    private Quotas() {
    }

    public static QuotaDto account(Connection c, UUID accountId) throws SQLException {
        try (PreparedStatement query = c.prepareStatement("""
                SELECT coalesce(a.quota_bytes, -1), coalesce(a.quota_messages, -1),
                    (SELECT coalesce(sum(total_size), 0) FROM mailboxes WHERE account_id = a.id),
                    (SELECT coalesce(sum(message_count), 0) FROM mailboxes WHERE account_id = a.id)
                FROM accounts a WHERE a.id = ?""")) {
            query.setObject(1, accountId);
            try (ResultSet row = query.executeQuery()) {
                if (!row.next()) {
                    return null;
                }
                return new QuotaDto(row.getLong(3), row.getLong(1), row.getLong(4), row.getLong(2));
            }
        }
    }

    public static QuotaDto tenant(Connection c, UUID tenantId) throws SQLException {
        try (PreparedStatement query = c.prepareStatement("""
                SELECT coalesce(t.quota_bytes, -1), coalesce(t.quota_messages, -1),
                    (SELECT coalesce(sum(total_size), 0) FROM mailboxes WHERE tenant_id = t.id),
                    (SELECT coalesce(sum(message_count), 0) FROM mailboxes WHERE tenant_id = t.id)
                FROM tenants t WHERE t.id = ?""")) {
            query.setObject(1, tenantId);
            try (ResultSet row = query.executeQuery()) {
                if (!row.next()) {
                    return null;
                }
                return new QuotaDto(row.getLong(3), row.getLong(1), row.getLong(4), row.getLong(2));
            }
        }
    }

    /**
     * Why adding {@code bytes} in {@code messages} messages would exceed a quota, or null when it fits. Usage is only
     * summed when a limit is set, so unlimited accounts pay one primary-key read.
     */
    public static String exceeded(Connection c, UUID accountId, UUID tenantId, long bytes, long messages)
            throws SQLException {
        try (PreparedStatement query = c.prepareStatement(LIMITS)) {
            query.setObject(1, accountId);
            try (ResultSet row = query.executeQuery()) {
                return exceeded(c, Limits.read(row), accountId, tenantId, bytes, messages);
            }
        }
    }

    /** The account's and its tenant's limits; one parameter, the account id. */
    static final String LIMITS = """
            SELECT a.quota_bytes, a.quota_messages, t.quota_bytes, t.quota_messages
            FROM accounts a JOIN tenants t ON t.id = a.tenant_id WHERE a.id = ?""";

    /** The limits {@link #LIMITS} read; -1 where there is none. */
    record Limits(long accountBytes, long accountMessages, long tenantBytes, long tenantMessages) {
        /** Null when the account does not exist. */
        static Limits read(ResultSet row) throws SQLException {
            return row.next() ? new Limits(limit(row, 1), limit(row, 2), limit(row, 3), limit(row, 4)) : null;
        }
    }

    /** Like {@link #exceeded(Connection, UUID, UUID, long, long)} with the limits already read. */
    static String exceeded(Connection c, Limits limits, UUID accountId, UUID tenantId, long bytes, long messages)
            throws SQLException {
        if (limits == null) {
            return null;
        }
        if (limits.accountBytes() >= 0 || limits.accountMessages() >= 0) {
            QuotaDto usage = account(c, accountId);
            if (limits.accountBytes() >= 0 && usage.usedBytes() + bytes > limits.accountBytes()) {
                return "mailbox full: account storage quota of " + limits.accountBytes() + " bytes exceeded";
            }
            if (limits.accountMessages() >= 0 && usage.usedMessages() + messages > limits.accountMessages()) {
                return "mailbox full: account quota of " + limits.accountMessages() + " messages exceeded";
            }
        }
        if (limits.tenantBytes() >= 0 || limits.tenantMessages() >= 0) {
            QuotaDto usage = tenant(c, tenantId);
            if (limits.tenantBytes() >= 0 && usage.usedBytes() + bytes > limits.tenantBytes()) {
                return "mailbox full: organisation storage quota exceeded";
            }
            if (limits.tenantMessages() >= 0 && usage.usedMessages() + messages > limits.tenantMessages()) {
                return "mailbox full: organisation message quota exceeded";
            }
        }
        return null;
    }

    private static long limit(ResultSet row, int column) throws SQLException {
        long value = row.getLong(column);
        return row.wasNull() ? -1 : value;
    }
}
