package dev.mailplatform.mailbox.store;

import dev.mailplatform.contracts.api.MailboxDto;
import dev.mailplatform.mailbox.api.ApiException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/** Mailbox naming and creation rules shared by account creation and the mailbox API. */
public final class Mailboxes {
    public static final String INBOX = "INBOX";
    public static final char DELIMITER = MailboxDto.DELIMITER;
    /** Longest full name accepted: deep hierarchies are fine, unbounded ones are not. */
    public static final int MAX_NAME_LENGTH = 1000;
    /** RFC 6154 mailboxes every new account gets, with their attribute, in LIST order. */
    public static final Map<String, String> DEFAULT_SPECIAL_USE = new java.util.LinkedHashMap<>();
    /** RFC 6154 §2 attributes a client may ask for in CREATE (CREATE-SPECIAL-USE). */
    static final List<String> SPECIAL_USE_ATTRIBUTES = List.of("\\All", "\\Archive", "\\Drafts", "\\Flagged",
            "\\Junk", "\\Sent", "\\Trash");

    static {
        DEFAULT_SPECIAL_USE.put("Drafts", "\\Drafts");
        DEFAULT_SPECIAL_USE.put("Sent", "\\Sent");
        DEFAULT_SPECIAL_USE.put("Trash", "\\Trash");
        DEFAULT_SPECIAL_USE.put("Junk", "\\Junk");
        DEFAULT_SPECIAL_USE.put("Archive", "\\Archive");
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private Mailboxes() {
    }

    /** RFC 9051 §5.1: "INBOX" is case-insensitive, also as the first level of a hierarchy; every other name is exact. */
    public static String canonicalName(String name) {
        if (name == null) {
            return null;
        }
        if (INBOX.equalsIgnoreCase(name)) {
            return INBOX;
        }
        if (name.length() > INBOX.length() && name.charAt(INBOX.length()) == DELIMITER
                && name.regionMatches(true, 0, INBOX, 0, INBOX.length())) {
            return INBOX + name.substring(INBOX.length());
        }
        return name;
    }

    /**
     * A name a client may create: non-empty levels, no control characters, no wildcards (RFC 9051 §5.1: "*" and "%"
     * would make LIST ambiguous). A trailing delimiter is dropped (RFC 9051 §6.3.4).
     */
    public static String validName(String raw) {
        if (raw == null || raw.isEmpty()) {
            throw ApiException.badRequest("mailbox name must not be empty");
        }
        String name = raw.endsWith(String.valueOf(DELIMITER)) ? raw.substring(0, raw.length() - 1) : raw;
        if (name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
            throw ApiException.badRequest("mailbox name must have 1 to " + MAX_NAME_LENGTH + " characters");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 0x20 || c == 0x7f || c == '*' || c == '%') {
                throw ApiException.badRequest("mailbox name contains a forbidden character");
            }
        }
        for (String level : name.split(Pattern.quote(String.valueOf(DELIMITER)), -1)) {
            if (level.isEmpty()) {
                throw ApiException.badRequest("mailbox name has an empty hierarchy level");
            }
        }
        return canonicalName(name);
    }

    /** The superiors of a name, outermost first ("a/b/c" gives "a", "a/b"). */
    public static List<String> parents(String name) {
        List<String> parents = new ArrayList<>();
        int at = name.indexOf(DELIMITER);
        while (at > 0) {
            parents.add(name.substring(0, at));
            at = name.indexOf(DELIMITER, at + 1);
        }
        return parents;
    }

    /**
     * An IMAP LIST pattern as a regex (RFC 9051 §6.3.9): "*" matches anything, "%" anything but the delimiter. The
     * INBOX prefix matches case-insensitively, like the name itself.
     */
    public static Pattern listPattern(String pattern) {
        String p = pattern == null || pattern.isEmpty() ? "*" : pattern;
        if (p.regionMatches(true, 0, INBOX, 0, INBOX.length())
                && (p.length() == INBOX.length() || p.charAt(INBOX.length()) == DELIMITER)) {
            p = INBOX + p.substring(INBOX.length());
        }
        StringBuilder regex = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (int i = 0; i < p.length(); i++) {
            char c = p.charAt(i);
            if (c == '*' || c == '%') {
                if (literal.length() > 0) {
                    regex.append(Pattern.quote(literal.toString()));
                    literal.setLength(0);
                }
                regex.append(c == '*' ? ".*" : "[^" + Pattern.quote(String.valueOf(DELIMITER)) + "]*");
            } else {
                literal.append(c);
            }
        }
        if (literal.length() > 0) {
            regex.append(Pattern.quote(literal.toString()));
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }

    public static String specialUse(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        for (String attribute : SPECIAL_USE_ATTRIBUTES) {
            if (attribute.equalsIgnoreCase(raw.strip())) {
                return attribute;
            }
        }
        throw ApiException.badRequest("unknown special-use attribute " + raw + " (RFC 6154: one of "
                + SPECIAL_USE_ATTRIBUTES + ")");
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
        return create(c, tenantId, accountId, name, null, true);
    }

    public static UUID create(Connection c, UUID tenantId, UUID accountId, String name, String specialUse,
            boolean subscribed) throws SQLException {
        UUID id = UUID.randomUUID();
        try (PreparedStatement insert = c.prepareStatement("""
                INSERT INTO mailboxes (id, tenant_id, account_id, name, uid_validity, uid_next, highest_modseq,
                    special_use, subscribed)
                VALUES (?, ?, ?, ?, ?, 1, 1, ?, ?)""")) {
            insert.setObject(1, id);
            insert.setObject(2, tenantId);
            insert.setObject(3, accountId);
            insert.setString(4, canonicalName(name));
            insert.setLong(5, newUidValidity());
            insert.setString(6, specialUse);
            insert.setBoolean(7, subscribed);
            insert.executeUpdate();
        }
        return id;
    }

    /** INBOX and the RFC 6154 special-use mailboxes of a new account, in the caller's transaction. */
    public static void createDefaults(Connection c, UUID tenantId, UUID accountId) throws SQLException {
        create(c, tenantId, accountId, INBOX, null, true);
        for (Map.Entry<String, String> entry : DEFAULT_SPECIAL_USE.entrySet()) {
            create(c, tenantId, accountId, entry.getKey(), entry.getValue(), true);
        }
    }

    static String lowerAscii(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
