package dev.mailplatform.mailbox.store;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;

/** Mailbox naming and creation rules shared by account creation and the mailbox API. */
public final class Mailboxes {
    public static final String INBOX = "INBOX";
    private static final SecureRandom RANDOM = new SecureRandom();

    private Mailboxes() {
    }

    /** RFC 9051 §5.1: "INBOX" is case-insensitive; every other name is compared exactly. */
    public static String canonicalName(String name) {
        return INBOX.equalsIgnoreCase(name) ? INBOX : name;
    }

    /**
     * A fresh UIDVALIDITY. Random rather than a counter or a timestamp so that a mailbox re-created with the same name
     * (or restored from a backup) does not reuse a value a client has cached (RFC 9051 §2.3.1.1). Kept below 2^31
     * because some clients store it in a signed 32-bit integer.
     */
    static long newUidValidity() {
        return 1 + RANDOM.nextInt(Integer.MAX_VALUE - 1);
    }

    public static UUID create(Connection c, UUID tenantId, UUID accountId, String name) throws SQLException {
        UUID id = UUID.randomUUID();
        try (PreparedStatement insert = c.prepareStatement("""
                INSERT INTO mailboxes (id, tenant_id, account_id, name, uid_validity, uid_next, highest_modseq)
                VALUES (?, ?, ?, ?, ?, 1, 1)""")) {
            insert.setObject(1, id);
            insert.setObject(2, tenantId);
            insert.setObject(3, accountId);
            insert.setString(4, canonicalName(name));
            insert.setLong(5, newUidValidity());
            insert.executeUpdate();
        }
        return id;
    }
}
