package dev.mailplatform.mailbox.store;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** System flags (RFC 9051 §2.3.2) are stored as booleans, keywords as a text array; the API shows one list. */
final class MessageFlags {
    /** Columns in the order {@link #fromRow} expects them. */
    static final String COLUMNS = "seen, answered, flagged, deleted, draft, keywords";

    private MessageFlags() {
    }

    static List<String> fromRow(ResultSet row, int firstColumn) throws SQLException {
        List<String> flags = new ArrayList<>();
        if (row.getBoolean(firstColumn)) {
            flags.add("\\Seen");
        }
        if (row.getBoolean(firstColumn + 1)) {
            flags.add("\\Answered");
        }
        if (row.getBoolean(firstColumn + 2)) {
            flags.add("\\Flagged");
        }
        if (row.getBoolean(firstColumn + 3)) {
            flags.add("\\Deleted");
        }
        if (row.getBoolean(firstColumn + 4)) {
            flags.add("\\Draft");
        }
        Array keywords = row.getArray(firstColumn + 5);
        if (keywords != null) {
            for (Object keyword : (Object[]) keywords.getArray()) {
                flags.add((String) keyword);
            }
        }
        return flags;
    }
}
