package dev.mailplatform.mailbox.db;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.ThreadLocalRandom;
import org.jboss.logging.Logger;

/**
 * Explicit JDBC transactions. Every method blocks: call only from worker threads (blocking JAX-RS methods, the
 * delivery consumer thread), never from a Vert.x event loop.
 */
@ApplicationScoped
public class Database {
    private static final Logger LOG = Logger.getLogger(Database.class);
    /** Runs of a transaction that PostgreSQL chose as a deadlock victim (or failed to serialize) before giving up. */
    static final int ATTEMPTS = 3;

    private final AgroalDataSource dataSource;

    public Database(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Runs {@code work} in one transaction: commits when it returns, rolls back when it throws. A transaction that
     * PostgreSQL aborted as a deadlock victim or a serialization failure changed nothing, so it runs again (at most
     * {@link #ATTEMPTS} times): writers that lock rows of several mailboxes or blobs in different orders cannot
     * always be ordered, and the request should not fail for it. What {@code work} does outside the connection
     * must therefore come after its last statement (as the blob collector's S3 delete) or be safe to repeat.
     */
    public <T> T inTransaction(SqlWork<T> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return once(work);
            } catch (DatabaseException e) {
                String state = e.sqlState();
                boolean retryable = DatabaseException.DEADLOCK_DETECTED.equals(state)
                        || DatabaseException.SERIALIZATION_FAILURE.equals(state);
                if (!retryable || attempt == ATTEMPTS) {
                    throw e;
                }
                LOG.infof("transaction aborted by PostgreSQL (%s), running it again (attempt %d of %d)", state,
                        attempt + 1, ATTEMPTS);
                sleepQuietly(ThreadLocalRandom.current().nextLong(1, 10L * attempt));
            }
        }
    }

    private <T> T once(SqlWork<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                T result = work.apply(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException | Error e) {
                rollbackQuietly(connection, e);
                throw e;
            } finally {
                restoreAutoCommit(connection);
            }
        } catch (SQLException e) {
            throw new DatabaseException(e);
        }
    }

    /** Runs read-only {@code work} in autocommit mode. */
    public <T> T read(SqlWork<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            return work.apply(connection);
        } catch (SQLException e) {
            throw new DatabaseException(e);
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // pooled connections are shared: hand them back in autocommit mode even when the connection is broken
    private static void restoreAutoCommit(Connection connection) {
        try {
            connection.setAutoCommit(true);
        } catch (SQLException ignored) {
            // the pool validates and evicts a broken connection; the original failure is what matters
        }
    }

    private static void rollbackQuietly(Connection connection, Throwable cause) {
        try {
            connection.rollback();
        } catch (SQLException rollbackFailure) {
            cause.addSuppressed(rollbackFailure);
        }
    }
}
