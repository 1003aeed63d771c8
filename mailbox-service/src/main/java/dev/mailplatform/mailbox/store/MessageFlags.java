package dev.mailplatform.mailbox.store;

import dev.mailplatform.mailbox.api.ApiException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * System flags (RFC 9051 §2.3.2) are stored as booleans, keywords as a text array; the API shows one list. Immutable.
 */
public record MessageFlags(boolean seen, boolean answered, boolean flagged, boolean deleted, boolean draft,
        List<String> keywords) {
    /** Columns in the order {@link #fromRow} expects them. */
    public static final String COLUMNS = "seen, answered, flagged, deleted, draft, keywords";
    public static final MessageFlags NONE = new MessageFlags(false, false, false, false, false, List.of());
    /** Keywords per message and keyword length: bounds what one client can make every FETCH carry. */
    static final int MAX_KEYWORDS = 100;
    static final int MAX_KEYWORD_LENGTH = 100;

    public MessageFlags {
        keywords = List.copyOf(keywords);
    }

    public static MessageFlags fromRow(ResultSet row, int firstColumn) throws SQLException {
        Array array = row.getArray(firstColumn + 5);
        List<String> keywords = new ArrayList<>();
        if (array != null) {
            for (Object keyword : (Object[]) array.getArray()) {
                keywords.add((String) keyword);
            }
        }
        return new MessageFlags(row.getBoolean(firstColumn), row.getBoolean(firstColumn + 1),
                row.getBoolean(firstColumn + 2), row.getBoolean(firstColumn + 3), row.getBoolean(firstColumn + 4),
                keywords);
    }

    /** Like {@link #fromRow} with the keywords as one space-separated string (cheaper than a JDBC array per row). */
    public static MessageFlags fromRowJoined(ResultSet row, int firstColumn) throws SQLException {
        String joined = row.getString(firstColumn + 5);
        List<String> keywords = joined == null || joined.isEmpty() ? List.of() : List.of(joined.split(" "));
        return new MessageFlags(row.getBoolean(firstColumn), row.getBoolean(firstColumn + 1),
                row.getBoolean(firstColumn + 2), row.getBoolean(firstColumn + 3), row.getBoolean(firstColumn + 4),
                keywords);
    }

    /** The flags of a request; system flags are case-insensitive, \Recent is ignored (RFC 9051 §2.3.2: not storable). */
    public static MessageFlags parse(List<String> flags) {
        if (flags == null) {
            return NONE;
        }
        boolean seen = false;
        boolean answered = false;
        boolean flagged = false;
        boolean deleted = false;
        boolean draft = false;
        Set<String> keywords = new LinkedHashSet<>();
        for (String flag : flags) {
            if (flag == null || flag.isEmpty()) {
                throw ApiException.badRequest("empty flag");
            }
            switch (flag.toLowerCase(Locale.ROOT)) {
                case "\\seen" -> seen = true;
                case "\\answered" -> answered = true;
                case "\\flagged" -> flagged = true;
                case "\\deleted" -> deleted = true;
                case "\\draft" -> draft = true;
                case "\\recent" -> {
                }
                default -> {
                    if (!isAtom(flag) || flag.startsWith("\\") || flag.length() > MAX_KEYWORD_LENGTH) {
                        throw ApiException.badRequest("not a valid flag keyword: " + flag);
                    }
                    if (keywords.stream().noneMatch(k -> k.equalsIgnoreCase(flag))) {
                        keywords.add(flag);
                    }
                }
            }
        }
        if (keywords.size() > MAX_KEYWORDS) {
            throw ApiException.badRequest("at most " + MAX_KEYWORDS + " keywords");
        }
        return new MessageFlags(seen, answered, flagged, deleted, draft, new ArrayList<>(keywords));
    }

    /** RFC 9051 §9 atom: no controls, space or atom-specials. */
    private static boolean isAtom(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= 0x20 || c >= 0x7f || "(){%*\"]".indexOf(c) >= 0) {
                if (!(c == '\\' && i == 0)) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Binds the five system flags and the keyword array, in {@link #COLUMNS}' order, from index {@code i}; returns
     * the next free index.
     */
    int bind(Connection c, PreparedStatement statement, int i) throws SQLException {
        statement.setBoolean(i++, seen);
        statement.setBoolean(i++, answered);
        statement.setBoolean(i++, flagged);
        statement.setBoolean(i++, deleted);
        statement.setBoolean(i++, draft);
        statement.setArray(i++, c.createArrayOf("text", keywords.toArray()));
        return i;
    }

    public List<String> toList() {
        List<String> flags = new ArrayList<>(5 + keywords.size());
        if (seen) {
            flags.add("\\Seen");
        }
        if (answered) {
            flags.add("\\Answered");
        }
        if (flagged) {
            flags.add("\\Flagged");
        }
        if (deleted) {
            flags.add("\\Deleted");
        }
        if (draft) {
            flags.add("\\Draft");
        }
        flags.addAll(keywords);
        return flags;
    }
}
