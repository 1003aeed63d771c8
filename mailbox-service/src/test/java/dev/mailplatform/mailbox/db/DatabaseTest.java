package dev.mailplatform.mailbox.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailplatform.mailbox.Fixtures;
import dev.mailplatform.testkit.InfrastructureTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = InfrastructureTestResource.class, restrictToAnnotatedClass = false)
class DatabaseTest {
    @Inject
    Database db;

    @Test
    void aDeadlockVictimRunsAgainAndBothTransactionsLand() throws Exception {
        String table = "deadlock_probe_" + System.nanoTime();
        db.inTransaction(c -> {
            execute(c, "CREATE TABLE " + table + " (id int PRIMARY KEY, n int NOT NULL)");
            execute(c, "INSERT INTO " + table + " VALUES (1, 0), (2, 0)");
            return null;
        });
        // two transactions lock the same two rows in opposite orders, each waiting until the other holds its first
        // row: PostgreSQL aborts one of them with 40P01, which must run again instead of failing
        CountDownLatch firstRowsHeld = new CountDownLatch(2);
        AtomicInteger runs = new AtomicInteger();
        CompletableFuture<Void> forward = CompletableFuture.runAsync(
                () -> incrementBoth(table, 1, 2, firstRowsHeld, runs));
        CompletableFuture<Void> backward = CompletableFuture.runAsync(
                () -> incrementBoth(table, 2, 1, firstRowsHeld, runs));
        CompletableFuture.allOf(forward, backward).get(60, TimeUnit.SECONDS);

        assertThat(runs.get()).as("one transaction ran twice").isEqualTo(3);
        int[] counts = db.read(c -> {
            try (PreparedStatement query = c.prepareStatement("SELECT n FROM " + table + " ORDER BY id");
                    ResultSet rows = query.executeQuery()) {
                int[] n = new int[2];
                for (int i = 0; i < 2 && rows.next(); i++) {
                    n[i] = rows.getInt(1);
                }
                return n;
            }
        });
        assertThat(counts).containsExactly(2, 2);
    }

    @Test
    void aConnectionPostgreSQLTerminatedWhileIdleIsNotHandedOut() throws Exception {
        // a PostgreSQL restart or an operator's pg_terminate_backend ends the pool's idle connections; the pool must
        // not hand out such a connection, or the next request on each of them fails (and reaches a mail client)
        // from a connection of its own, so that every pooled one (this thread's cached one too) goes
        int terminated = Integer.parseInt(Fixtures.queryString("""
                SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity
                WHERE datname = current_database() AND usename = current_user AND pid <> pg_backend_pid()
                AND state = 'idle'"""));
        assertThat(terminated).as("idle pooled connections terminated").isPositive();
        Thread.sleep(1_500); // longer than the pool's foreground-validation-interval (application.properties)

        for (int i = 0; i < 25; i++) {
            assertThat(selectFortyTwo()).isEqualTo(42);
        }
        List<CompletableFuture<Integer>> others = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            others.add(CompletableFuture.supplyAsync(this::selectFortyTwo));
        }
        for (CompletableFuture<Integer> other : others) {
            assertThat(other.get(30, TimeUnit.SECONDS)).isEqualTo(42);
        }
    }

    private int selectFortyTwo() {
        return db.inTransaction(c -> {
            try (PreparedStatement query = c.prepareStatement("SELECT 42"); ResultSet row = query.executeQuery()) {
                row.next();
                return row.getInt(1);
            }
        });
    }

    private void incrementBoth(String table, int first, int second, CountDownLatch firstRowsHeld, AtomicInteger runs) {
        AtomicInteger attempts = new AtomicInteger();
        db.inTransaction(c -> {
            runs.incrementAndGet();
            execute(c, "UPDATE " + table + " SET n = n + 1 WHERE id = " + first);
            if (attempts.incrementAndGet() == 1) {
                firstRowsHeld.countDown();
                try {
                    firstRowsHeld.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            execute(c, "UPDATE " + table + " SET n = n + 1 WHERE id = " + second);
            return null;
        });
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (PreparedStatement statement = c.prepareStatement(sql)) {
            statement.execute();
        }
    }
}
