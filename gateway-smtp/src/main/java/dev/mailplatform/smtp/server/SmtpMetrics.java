/* Mail platform. Licensed under the Apache License 2.0. */
package dev.mailplatform.smtp.server;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
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

    /** mail_smtp_messages_total{result}: accepted|too_big|bad_line_ending|dmarc_reject|failed|aborted|timeout. */
    public void message(String result) {
        Counter.builder("mail.smtp.messages").tag("result", result).register(registry).increment();
    }

    /** mail_smtp_tls_total{listener, kind}: kind implicit|starttls|failed. */
    public void tls(String listener, String kind) {
        Counter.builder("mail.smtp.tls").tag("listener", listener).tag("kind", kind).register(registry).increment();
    }

    /** mail_smtp_auth_total{listener, mechanism, result}: result ok|failed|locked|error; mechanism PLAIN|LOGIN|other. */
    public void auth(String listener, String mechanism, String result) {
        String mech = mechanism.equals("PLAIN") || mechanism.equals("LOGIN") ? mechanism : "other";
        Counter.builder("mail.smtp.auth").tag("listener", listener).tag("mechanism", mech).tag("result", result)
                .register(registry).increment();
    }

    /** mail_smtp_received_bytes_total{listener}: every octet read from clients, commands and content. */
    public void bytesIn(String listener, long bytes) {
        Counter.builder("mail.smtp.received.bytes").baseUnit("bytes").tag("listener", listener).register(registry)
                .increment(bytes);
    }

    /** mail_smtp_message_size_bytes{listener}: size of each complete message before the inbound checks. */
    public void messageBytes(String listener, long bytes) {
        DistributionSummary.builder("mail.smtp.message.size").baseUnit("bytes").tag("listener", listener)
                .register(registry).record(bytes);
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
