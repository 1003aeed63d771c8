/* Mail platform. Licensed under the Apache License 2.0. */
package dev.mailplatform.smtp.server;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The gateway's meters. Tags are small closed sets (verb from the parser's fixed list or "unknown"; result one of
 * ok|tempfail|permfail|...), never addresses or user names.
 */
@ApplicationScoped
public class SmtpMetrics {
    private final MeterRegistry registry;
    private final Timer acceptTimer;

    public SmtpMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.acceptTimer = Timer.builder("mail.smtp.accept")
                .description("End of DATA until the message is durable in S3 and Kafka")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(60))
                .register(registry);
    }

    /** mail_smtp_sessions_total{listener, result}: result accepted|rejected (connection limits). */
    public void session(String listener, String result) {
        Counter.builder("mail.smtp.sessions").tag("listener", listener).tag("result", result).register(registry)
                .increment();
    }

    /** mail_smtp_commands_total{verb, result}: result from {@link #resultOf(int)}. */
    public void command(String verb, int replyCode) {
        Counter.builder("mail.smtp.commands").tag("verb", verb).tag("result", resultOf(replyCode))
                .register(registry).increment();
    }

    /** mail_smtp_messages_total{result}: accepted|rejected|too_big|bad_line_ending|failed. */
    public void message(String result) {
        Counter.builder("mail.smtp.messages").tag("result", result).register(registry).increment();
    }

    public void acceptDuration(long nanos) {
        acceptTimer.record(nanos, TimeUnit.NANOSECONDS);
    }

    static String resultOf(int code) {
        if (code < 400) {
            return "ok";
        }
        return code < 500 ? "tempfail" : "permfail";
    }
}
