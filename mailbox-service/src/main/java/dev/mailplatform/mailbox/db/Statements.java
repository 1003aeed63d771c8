package dev.mailplatform.mailbox.db;

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
