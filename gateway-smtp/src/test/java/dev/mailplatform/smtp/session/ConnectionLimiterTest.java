/* Mail platform. Licensed under the Apache License 2.0. */
package dev.mailplatform.smtp.session;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConnectionLimiterTest {
    @Test
    void capsPerIpAndInTotalAndGivesSlotsBack() {
        ConnectionLimiter limiter = new ConnectionLimiter(3, 2);
        assertThat(limiter.tryAcquire("10.0.0.1")).isTrue();
        assertThat(limiter.tryAcquire("10.0.0.1")).isTrue();
        assertThat(limiter.tryAcquire("10.0.0.1")).as("third from one IP").isFalse();
        assertThat(limiter.tryAcquire("10.0.0.2")).isTrue();
        assertThat(limiter.tryAcquire("10.0.0.3")).as("fourth in total").isFalse();
        assertThat(limiter.active()).isEqualTo(3);
        limiter.release("10.0.0.1");
        assertThat(limiter.tryAcquire("10.0.0.3")).isTrue();
        limiter.release("10.0.0.3");
        limiter.release("10.0.0.2");
        limiter.release("10.0.0.1");
        assertThat(limiter.active()).isZero();
        assertThat(limiter.tryAcquire("10.0.0.1")).isTrue();
        assertThat(limiter.tryAcquire("10.0.0.1")).isTrue();
    }
}
