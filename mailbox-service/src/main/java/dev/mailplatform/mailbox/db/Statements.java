package dev.mailplatform.mailbox.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Several SQL statements in one round trip. The PostgreSQL driver sends every statement of one prepared text
 * ({@code "a; b; c"}) before it waits for the server, and each still takes its own snapshot under READ COMMITTED: a
 * statement that follows a row lock sees everything the lock's previous holder committed. On this service's hot paths
 * (STORE, EXPUNGE, APPEND) the round trips to PostgreSQL, not the statements' work, were the cost.
 */
public final class Statements {
    /**
     * Appended to the last statement of a {@link Database#inTransaction} body, so that the commit travels with it; the
     * driver then knows the transaction is over and {@code Connection.commit()} sends nothing. Nothing may run on the
     * connection after it in that body: it would be a transaction of its own.
     */
    public static final String THEN_COMMIT = ";\nCOMMIT";

    private Statements() {
    }

    /** Binds a statement's parameters from index {@code i}; returns the next free index. */
    @FunctionalInterface
    public interface Binder {
        int bind(PreparedStatement statement, int i) throws SQLException;
    }

    /**
     * A FROM item of {@code count} rows passed column by column: {@code unnest} of one array per column, or for a
     * single row a {@code VALUES} row of scalars. PostgreSQL estimates unnest of a known array better than of a
     * parameter, so it planned statements over unnest again on every execution (a sixth of their PostgreSQL time in
     * the IMAP benchmark); a one-row VALUES costs the same with and without the values, so its cached plan is used.
     * Most STOREs and EXPUNGEs touch one message or one range.
     *
     * @param alias the item's alias with its column names, e.g. {@code "r(lo, hi)"}
     * @param types each column's SQL type, e.g. {@code "bigint"}; bind with {@link #bindRows} and the same types
     */
    public static String rows(int count, String alias, String... types) {
        StringBuilder sql = new StringBuilder(count == 1 ? "(VALUES (" : "unnest(");
        for (int k = 0; k < types.length; k++) {
            sql.append(k == 0 ? "" : ", ").append("?::").append(types[k]).append(count == 1 ? "" : "[]");
        }
        return sql.append(count == 1 ? ")) AS " : ") AS ").append(alias).toString();
    }

    /** Binds a {@link #rows} item from index {@code i}: one array per column; returns the next free index. */
    public static int bindRows(Connection c, PreparedStatement statement, int i, String[] types, Object[]... columns)
            throws SQLException {
        int count = columns[0].length;
        for (int k = 0; k < types.length; k++) {
            if (count == 1) {
                statement.setObject(i++, columns[k][0]);
            } else {
                statement.setArray(i++, c.createArrayOf(types[k], columns[k]));
            }
        }
        return i;
    }

    /**
     * Moves an executed multi-statement text on to its next result set, skipping update counts. The first statement's
     * result is {@code getResultSet()} after {@code execute()}; this is for the ones after it, and throws when there is
     * none: the caller knows which of its statements return rows.
     */
    public static ResultSet next(PreparedStatement executed) throws SQLException {
        while (true) {
            if (executed.getMoreResults()) {
                return executed.getResultSet();
            }
            if (executed.getUpdateCount() == -1) {
                throw new SQLException("no further result set");
            }
        }
    }
}
