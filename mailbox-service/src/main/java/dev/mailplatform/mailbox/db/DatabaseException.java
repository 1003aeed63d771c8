package dev.mailplatform.mailbox.db;

import java.sql.SQLException;

/** A database failure the caller did not expect; {@link #sqlState()} tells constraint violations apart. */
public class DatabaseException extends RuntimeException {
    /** PostgreSQL error codes (Appendix A of its manual). */
    public static final String UNIQUE_VIOLATION = "23505";
    public static final String FOREIGN_KEY_VIOLATION = "23503";
    public static final String SERIALIZATION_FAILURE = "40001";
    public static final String DEADLOCK_DETECTED = "40P01";

    public DatabaseException(SQLException cause) {
        super(cause.getMessage(), cause);
    }

    public String sqlState() {
        return ((SQLException) getCause()).getSQLState();
    }

    public boolean isUniqueViolation() {
        return UNIQUE_VIOLATION.equals(sqlState());
    }

    /** Connection-level failures (class 08) and shutdowns (57P) may succeed when retried. */
    public boolean isTransient() {
        String state = sqlState();
        return state == null || state.startsWith("08") || state.startsWith("57P") || state.startsWith("53")
                || "40001".equals(state) || "40P01".equals(state);
    }
}
