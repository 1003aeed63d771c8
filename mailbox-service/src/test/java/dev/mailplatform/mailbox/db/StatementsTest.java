package dev.mailplatform.mailbox.db;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StatementsTest {
    @Test
    void oneRowIsAValuesRowOfScalarsAndMoreAreArraysToUnnest() {
        assertThat(Statements.rows(1, "r(lo, hi)", "bigint", "bigint"))
                .isEqualTo("(VALUES (?::bigint, ?::bigint)) AS r(lo, hi)");
        assertThat(Statements.rows(2, "v(key, delta)", "text", "integer"))
                .isEqualTo("unnest(?::text[], ?::integer[]) AS v(key, delta)");
        assertThat(Statements.rows(0, "r(lo)", "bigint")).isEqualTo("unnest(?::bigint[]) AS r(lo)");
    }
}
