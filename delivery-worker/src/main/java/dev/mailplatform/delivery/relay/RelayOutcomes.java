package dev.mailplatform.delivery.relay;

import dev.mailplatform.contracts.Json;
import dev.mailplatform.contracts.events.OutboundMail;
import dev.mailplatform.delivery.config.RelayConfig;
import dev.mailplatform.delivery.dsn.DsnReport;
import dev.mailplatform.delivery.dsn.DsnService;
import dev.mailplatform.delivery.smtp.RecipientOutcome;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.jboss.logging.Logger;

/**
 * What follows an attempt: finished recipients go into the journal, bounced ones into a failure DSN, deferred ones
 * into the next retry stage (or, past the expiry, into a failure DSN with 4.4.7), and once per message a "delayed"
 * DSN when the sender asked for it. Returns only when Kafka has acknowledged all of it, so the caller may then
 * commit the offset of the record it came from.
 */
public final class RelayOutcomes {
    private static final Logger LOG = Logger.getLogger(RelayOutcomes.class);

    private final RelayConfig config;
    private final RetrySchedule schedule;
    private final RelayJournal journal;
    private final RelayProducer producer;
    private final DsnService dsn;
    private final DeliveryMetrics metrics;

    public RelayOutcomes(RelayConfig config, RetrySchedule schedule, RelayJournal journal, RelayProducer producer,
            DsnService dsn, DeliveryMetrics metrics) {
        this.config = config;
        this.schedule = schedule;
        this.journal = journal;
        this.producer = producer;
        this.dsn = dsn;
        this.metrics = metrics;
    }

    public void apply(OutboundMail mail, Map<String, RecipientOutcome> outcomes, Instant now) throws Exception {
        Set<String> finished = new HashSet<>();
        List<String> delivered = new ArrayList<>();
        List<String> deferred = new ArrayList<>();
        List<DsnReport.Recipient> failures = new ArrayList<>();
        boolean expired = mail.receivedAt() != null
                && !now.isBefore(mail.receivedAt().plus(config.retry().expiry()));
        for (Map.Entry<String, RecipientOutcome> e : outcomes.entrySet()) {
            String rcpt = e.getKey();
            RecipientOutcome o = e.getValue();
            switch (o.kind()) {
                case DELIVERED -> {
                    finished.add(rcpt);
                    delivered.add(rcpt);
                }
                case FAILED -> {
                    finished.add(rcpt);
                    failures.add(report(mail, rcpt, o, "failed", now, null));
                }
                case DEFERRED -> {
                    if (expired) {
                        // RFC 3463: 4.4.7 "delivery time expired" with the last transient reason as diagnostic
                        finished.add(rcpt);
                        failures.add(report(mail, rcpt, new RecipientOutcome(RecipientOutcome.Kind.FAILED, "4.4.7",
                                o.diagnostic(), o.remoteMta()), "failed", now, null));
                    } else {
                        deferred.add(rcpt);
                    }
                }
            }
        }
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        if (!finished.isEmpty()) {
            acks.add(journal.record(mail.outboundId(), finished));
        }
        List<DsnReport.Recipient> wantFailure = failures.stream()
                .filter(r -> mail.paramsOf(r.finalRecipient()).wantsNotification("FAILURE")).toList();
        dsn(mail, false, wantFailure).ifPresent(acks::add);

        boolean delayNotified = mail.delayNotified();
        if (!deferred.isEmpty()) {
            Instant next = schedule.nextAttempt(mail.attempt(), now);
            if (!delayNotified && mail.receivedAt() != null
                    && Duration.between(mail.receivedAt(), now).compareTo(config.retry().delayNoticeAfter()) >= 0) {
                Instant until = mail.receivedAt().plus(config.retry().expiry());
                List<DsnReport.Recipient> wantDelay = deferred.stream()
                        .filter(r -> mail.paramsOf(r).wantsNotification("DELAY"))
                        .map(r -> report(mail, r, outcomes.get(r), "delayed", now, until)).toList();
                dsn(mail, true, wantDelay).ifPresent(acks::add);
                delayNotified = true;
            }
            OutboundMail retry = mail.retry(deferred, next, delayNotified);
            String topic = RelayTopics.stageTopic(schedule.stageAfter(mail.attempt()));
            acks.add(producer.send(new ProducerRecord<>(topic, mail.domain(), Json.toBytes(retry))));
            LOG.infof("%s: %d deferred, attempt %d at %s (%s)", mail.outboundId(), deferred.size(),
                    retry.attempt() + 1, next, outcomes.get(deferred.get(0)).diagnostic());
        }
        for (Future<RecordMetadata> ack : acks) {
            ack.get(30, TimeUnit.SECONDS);
        }
        metrics.delivery("remote", "delivered", delivered.size());
        metrics.delivery("remote", "deferred", deferred.size());
        metrics.delivery("remote", "bounced", failures.size());
        if (mail.receivedAt() != null) {
            Duration age = Duration.between(mail.receivedAt(), now);
            for (int i = 0; i < delivered.size() + failures.size(); i++) {
                metrics.latency("remote", age);
            }
        }
        if (!failures.isEmpty()) {
            LOG.infof("%s: %d bounced (%s)", mail.outboundId(), failures.size(), failures.get(0).diagnostic());
        }
    }

    private java.util.Optional<Future<RecordMetadata>> dsn(OutboundMail mail, boolean delayed,
            List<DsnReport.Recipient> recipients) throws IOException {
        if (recipients.isEmpty()) {
            return java.util.Optional.empty();
        }
        String source = mail.outboundId() + (delayed ? "" : "#" + mail.attempt());
        return dsn.send(new DsnService.Request(source, mail.traceId(), mail.mailFrom(), mail.blobKey(),
                mail.envelopeId(), mail.dsnReturn(), mail.receivedAt(), delayed, recipients));
    }

    private static DsnReport.Recipient report(OutboundMail mail, String rcpt, RecipientOutcome o, String action,
            Instant now, Instant willRetryUntil) {
        return new DsnReport.Recipient(rcpt, mail.paramsOf(rcpt).orcpt(), action, o.status(), o.remoteMta(),
                o.diagnostic(), now, willRetryUntil);
    }
}
