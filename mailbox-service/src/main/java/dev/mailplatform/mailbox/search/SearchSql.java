package dev.mailplatform.mailbox.search;

import dev.mailplatform.contracts.api.SearchKey;
import dev.mailplatform.mailbox.api.ApiException;
import dev.mailplatform.mailbox.store.UidSet;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Translates a {@link SearchKey} tree (RFC 9051 §6.4.4) into one SQL condition over {@code messages m} and
 * {@code blobs b}. Every value is a bind parameter. String keys are case-insensitive substring matches (ILIKE over
 * the mailbox's rows, which the planner selects first), dates are whole days (RFC 9051: "disregarding time and
 * timezone"), SENT* dates use the Date header's own day. Bounded in depth and size so a hostile search cannot build an unbounded statement.
 */
public final class SearchSql {
    static final int MAX_DEPTH = 64;
    static final int MAX_NODES = 2_000;
    static final int MAX_TEXT = 1_000;

    @FunctionalInterface
    interface Binder {
        void bind(PreparedStatement statement, int index, Connection c) throws SQLException;
    }

    /** Searchable header fields that have their own column (the rest are matched in the stored header text). */
    private static final Map<String, String> HEADER_COLUMNS = Map.of(
            "from", "b.hdr_from", "to", "b.hdr_to", "cc", "b.hdr_cc", "bcc", "b.hdr_bcc",
            "subject", "b.hdr_subject", "message-id", "b.hdr_message_id", "in-reply-to", "b.hdr_in_reply_to",
            "references", "b.hdr_references");

    private final StringBuilder sql = new StringBuilder();
    private final List<Binder> binders = new ArrayList<>();
    private final LongSupplier maxUid;
    private boolean needsBlob;
    private int nodes;

    private SearchSql(LongSupplier maxUid) {
        this.maxUid = maxUid;
    }

    /** The condition for {@code key} (null: ALL); {@code maxUid} resolves "*" in UID sets, called only when needed. */
    public static SearchSql of(SearchKey key, LongSupplier maxUid) {
        SearchSql out = new SearchSql(maxUid);
        out.append(key == null ? SearchKey.all() : key, 0);
        return out;
    }

    public String condition() {
        return sql.toString();
    }

    public boolean needsBlob() {
        return needsBlob;
    }

    /** Binds the parameters starting at {@code first}; returns the next free index. */
    public int bind(PreparedStatement statement, int first, Connection c) throws SQLException {
        int index = first;
        for (Binder binder : binders) {
            binder.bind(statement, index++, c);
        }
        return index;
    }

    private void append(SearchKey key, int depth) {
        if (++nodes > MAX_NODES || depth > MAX_DEPTH) {
            throw ApiException.badRequest("search program too large");
        }
        if (key == null || key.key() == null) {
            throw ApiException.badRequest("search key without 'key'");
        }
        String name = key.key().toUpperCase(Locale.ROOT);
        switch (name) {
            case "ALL" -> sql.append("TRUE");
            case "AND" -> {
                List<SearchKey> children = key.children() == null ? List.of() : key.children();
                if (children.isEmpty()) {
                    sql.append("TRUE");
                    return;
                }
                sql.append('(');
                for (int i = 0; i < children.size(); i++) {
                    if (i > 0) {
                        sql.append(" AND ");
                    }
                    append(children.get(i), depth + 1);
                }
                sql.append(')');
            }
            case "OR" -> {
                List<SearchKey> children = children(key, 2, name);
                sql.append('(');
                append(children.get(0), depth + 1);
                sql.append(" OR ");
                append(children.get(1), depth + 1);
                sql.append(')');
            }
            case "NOT" -> {
                sql.append("NOT (");
                append(children(key, 1, name).get(0), depth + 1);
                sql.append(')');
            }
            case "UID" -> uid(requireValue(key, name));
            case "FLAG" -> flag(requireValue(key, name), false);
            case "NOFLAG" -> flag(requireValue(key, name), true);
            case "BEFORE" -> date("(m.internal_date AT TIME ZONE 'UTC')::date", "<", key, name);
            case "ON" -> date("(m.internal_date AT TIME ZONE 'UTC')::date", "=", key, name);
            case "SINCE" -> date("(m.internal_date AT TIME ZONE 'UTC')::date", ">=", key, name);
            case "SENTBEFORE" -> sentDate("<", key, name);
            case "SENTON" -> sentDate("=", key, name);
            case "SENTSINCE" -> sentDate(">=", key, name);
            case "LARGER" -> number("m.size >", key, name);
            case "SMALLER" -> number("m.size <", key, name);
            case "MODSEQ" -> number("m.modseq >=", key, name);
            case "FROM", "TO", "CC", "BCC", "SUBJECT" -> contains(HEADER_COLUMNS.get(name.toLowerCase(Locale.ROOT)),
                    requireValue(key, name));
            case "HEADER" -> header(key);
            case "BODY" -> contains("b.body_text", requireValue(key, name));
            case "TEXT" -> {
                String value = requireValue(key, name);
                sql.append('(');
                contains("b.header_text", value);
                sql.append(" OR ");
                contains("b.body_text", value);
                sql.append(')');
            }
            case "THREAD" -> {
                String value = requireValue(key, name);
                sql.append("m.thread_id = ?");
                binders.add((s, i, c) -> s.setString(i, value));
            }
            default -> throw ApiException.badRequest("unknown search key " + key.key());
        }
    }

    private static List<SearchKey> children(SearchKey key, int count, String name) {
        if (key.children() == null || key.children().size() != count) {
            throw ApiException.badRequest(name + " takes exactly " + count + " operand" + (count > 1 ? "s" : ""));
        }
        return key.children();
    }

    private static String requireValue(SearchKey key, String name) {
        if (key.value() == null) {
            throw ApiException.badRequest(name + " needs a value");
        }
        if (key.value().length() > MAX_TEXT && !name.equals("UID")) {
            throw ApiException.badRequest(name + " value longer than " + MAX_TEXT + " characters");
        }
        return key.value();
    }

    private void uid(String value) {
        UidSet set = UidSet.parse(value);
        List<UidSet.Range> ranges = set.resolve(set.usesStar() ? maxUid.getAsLong() : 0);
        if (ranges.isEmpty()) {
            sql.append("FALSE");
            return;
        }
        sql.append("EXISTS (SELECT 1 FROM unnest(?::bigint[], ?::bigint[]) AS r(lo, hi)"
                + " WHERE m.uid BETWEEN r.lo AND r.hi)");
        binders.add((s, i, c) -> s.setArray(i, c.createArrayOf("bigint", UidSet.froms(ranges))));
        binders.add((s, i, c) -> s.setArray(i, c.createArrayOf("bigint", UidSet.tos(ranges))));
    }

    private void flag(String flag, boolean negate) {
        String column = switch (flag.toLowerCase(Locale.ROOT)) {
            case "\\seen" -> "m.seen";
            case "\\answered" -> "m.answered";
            case "\\flagged" -> "m.flagged";
            case "\\deleted" -> "m.deleted";
            case "\\draft" -> "m.draft";
            case "\\recent" -> "FALSE"; // no session here: the gateway tracks \Recent (RFC 9051 drops it anyway)
            default -> null;
        };
        sql.append(negate ? "NOT " : "");
        if (column != null) {
            sql.append(column);
            return;
        }
        sql.append("EXISTS (SELECT 1 FROM unnest(m.keywords) AS k WHERE lower(k) = lower(?))");
        binders.add((s, i, c) -> s.setString(i, flag));
    }

    private void date(String expression, String operator, SearchKey key, String name) {
        if (key.date() == null) {
            throw ApiException.badRequest(name + " needs a date");
        }
        sql.append(expression).append(' ').append(operator).append(" ?");
        binders.add((s, i, c) -> s.setObject(i, key.date()));
    }

    private void sentDate(String operator, SearchKey key, String name) {
        needsBlob = true;
        // RFC 9051 §6.4.4: without a usable Date header the internal date stands in
        date("coalesce(b.sent_date, (m.internal_date AT TIME ZONE 'UTC')::date)", operator, key, name);
    }

    private void number(String expression, SearchKey key, String name) {
        if (key.number() == null || key.number() < 0) {
            throw ApiException.badRequest(name + " needs a non-negative number");
        }
        sql.append(expression).append(" ?");
        long n = key.number();
        binders.add((s, i, c) -> s.setLong(i, n));
    }

    private void contains(String column, String value) {
        needsBlob = true;
        sql.append("coalesce(").append(column).append(", '') ILIKE ?");
        String pattern = "%" + likeEscape(value) + "%";
        binders.add((s, i, c) -> s.setString(i, pattern));
    }

    private void header(SearchKey key) {
        if (key.field() == null || key.field().isBlank() || !key.field().matches("[!-9;-~]+")) {
            throw ApiException.badRequest("HEADER needs a field name");
        }
        String field = key.field().toLowerCase(Locale.ROOT);
        String value = key.value() == null ? "" : requireValue(key, "HEADER");
        String column = HEADER_COLUMNS.get(field);
        if (column != null && !value.isEmpty()) {
            contains(column, value);
            return;
        }
        needsBlob = true;
        // RFC 9051 §6.4.4: HEADER with an empty string matches every message that has the field
        String regex = "(^|\\n)" + regexEscape(field) + ":[^\\n]*" + regexEscape(value);
        sql.append("coalesce(b.header_text, '') ~* ?");
        binders.add((s, i, c) -> s.setString(i, regex));
    }

    static String likeEscape(String value) {
        return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    /** Escapes for a PostgreSQL ARE: a backslash before any non-alphanumeric character makes it literal. */
    static String regexEscape(String value) {
        StringBuilder out = new StringBuilder();
        value.codePoints().forEach(cp -> {
            if (!Character.isLetterOrDigit(cp) && cp < 128) {
                out.append('\\');
            }
            out.appendCodePoint(cp);
        });
        return out.toString();
    }
}
