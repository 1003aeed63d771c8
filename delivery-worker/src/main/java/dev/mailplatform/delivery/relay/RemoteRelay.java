package dev.mailplatform.delivery.relay;

import dev.mailplatform.blobstore.BlobStore;
import dev.mailplatform.contracts.events.EnvelopeRecipient;
import dev.mailplatform.contracts.events.OutboundMail;
import dev.mailplatform.delivery.config.RelayConfig;
import dev.mailplatform.delivery.dkim.DkimKey;
import dev.mailplatform.delivery.dkim.DkimKeys;
import dev.mailplatform.delivery.dkim.DkimSigner;
import dev.mailplatform.delivery.dns.MxResolution;
import dev.mailplatform.delivery.dns.MxResolver;
import dev.mailplatform.delivery.mtasts.MtaStsPolicy;
import dev.mailplatform.delivery.mtasts.MtaStsResolver;
import dev.mailplatform.delivery.smtp.ConnectionPool;
import dev.mailplatform.delivery.smtp.DataEncoder;
import dev.mailplatform.delivery.smtp.RecipientOutcome;
import dev.mailplatform.delivery.smtp.SmtpConnection;
import dev.mailplatform.delivery.smtp.SmtpEnvelope;
import dev.mailplatform.delivery.smtp.SmtpProtocolException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * One delivery attempt of an outbound message: MX lookup (RFC 5321 §5.1), then one SMTP transaction for every
 * pending recipient on the first MX address that answers, over a pooled connection when one is idle. Returns the
 * outcome of each recipient; deciding what to do with them (journal, retry, DSN) is {@link RelayOutcomes}' job.
 * Blocking: relay threads only.
 */
public final class RemoteRelay {
    private static final Logger LOG = Logger.getLogger(RemoteRelay.class);
    private static final Pattern FROM_DOMAIN = Pattern.compile("@([A-Za-z0-9.-]+)\\s*>?\\s*$");

    private final RelayConfig config;
    private final MxResolver resolver;
    private final ConnectionPool pool;
    private final SmtpConnection.Settings settings;
    private final BlobStore blobs;
    private final DkimKeys dkimKeys;
    private final DeliveryMetrics metrics;
    private final MtaStsResolver mtaSts;

    /** @param mtaSts null when MTA-STS is disabled */
    public RemoteRelay(RelayConfig config, MxResolver resolver, ConnectionPool pool, SmtpConnection.Settings settings,
            BlobStore blobs, DkimKeys dkimKeys, DeliveryMetrics metrics, MtaStsResolver mtaSts) {
        this.mtaSts = mtaSts;
        this.config = config;
        this.resolver = resolver;
        this.pool = pool;
        this.settings = settings;
        this.blobs = blobs;
        this.dkimKeys = dkimKeys;
        this.metrics = metrics;
    }

    /** Outcomes of the recipients in {@code pending} (all of them, in order). */
    public Map<String, RecipientOutcome> attempt(OutboundMail mail, List<String> pending) {
        MxResolution mx = resolver.resolveMx(mail.domain());
        if (mx instanceof MxResolution.NullMx) {
            return all(pending, RecipientOutcome.failed("5.1.10",
                    "smtp; 556 5.1.10 " + mail.domain() + " does not accept mail (null MX, RFC 7505)"));
        }
        if (mx instanceof MxResolution.NoSuchDomain n) {
            return all(pending, RecipientOutcome.failed("5.1.2", "x-mail-platform; " + n.reason()));
        }
        if (mx instanceof MxResolution.TemporaryFailure t) {
            return all(pending, RecipientOutcome.deferred("4.4.3", "x-mail-platform; " + t.reason()));
        }
        return deliver(mail, pending, ((MxResolution.Hosts) mx).hosts());
    }

    private Map<String, RecipientOutcome> deliver(OutboundMail mail, List<String> pending, List<String> hosts) {
        byte[] payload = null;
        RecipientOutcome lastFailure = RecipientOutcome.deferred("4.4.1", "x-mail-platform; no MX host answered");
        Optional<MtaStsPolicy> policy = mtaSts == null ? Optional.empty() : mtaSts.policyFor(mail.domain());
        boolean enforce = policy.isPresent() && policy.get().enforced();
        if (enforce) {
            // RFC 8461 §4.1: only MX hosts the policy lists may receive the mail
            List<String> allowed = hosts.stream().filter(policy.get()::allows).toList();
            if (allowed.isEmpty()) {
                metrics.mtaStsFailure();
                return all(pending, RecipientOutcome.deferred("4.7.5", "x-mail-platform; MTA-STS policy of "
                        + mail.domain() + " lists none of the MX hosts " + hosts));
            }
            hosts = allowed;
        }
        int tried = 0;
        for (String host : hosts) {
            if (tried++ >= config.maxMxHosts()) {
                break;
            }
            List<InetAddress> addresses;
            try {
                addresses = resolver.addresses(host, 4);
            } catch (MxResolver.DnsTemporaryException e) {
                lastFailure = RecipientOutcome.deferred("4.4.3", "x-mail-platform; " + e.getMessage());
                continue;
            }
            if (addresses.isEmpty()) {
                lastFailure = RecipientOutcome.deferred("4.4.4", "x-mail-platform; MX host " + host
                        + " has no address");
                continue;
            }
            for (InetAddress address : addresses) {
                InetSocketAddress target = new InetSocketAddress(address, config.smtpPort());
                SmtpConnection connection = pool.take(host, target);
                if (connection != null && enforce && !connection.authenticated()) {
                    connection.quitQuietly();
                    connection = null;
                }
                if (connection == null) {
                    try {
                        connection = enforce ? SmtpConnection.open(settings, host, target, true, true)
                                : open(host, target);
                    } catch (SmtpConnection.ConnectFailure e) {
                        if (enforce) {
                            metrics.mtaStsFailure();
                        }
                        LOG.infof("%s: %s", mail.outboundId(), e.getMessage());
                        lastFailure = e.reply() != null
                                ? RecipientOutcome.deferred(e.reply().transientFailure() ? e.reply().status() : "4.4.1",
                                        "smtp; " + e.reply().text())
                                : RecipientOutcome.deferred("4.4.1", "x-mail-platform; " + e.getMessage());
                        continue;
                    }
                    metrics.outboundConnection(connection.tls());
                }
                if (mail.smtpUtf8() && !connection.capabilities().has("SMTPUTF8")) {
                    pool.release(connection);
                    // RFC 6531 §3.2: without SMTPUTF8 at the peer the message cannot be relayed as it is
                    return all(pending, new RecipientOutcome(RecipientOutcome.Kind.FAILED, "5.6.7",
                            "x-mail-platform; " + host + " does not support SMTPUTF8", "dns; " + host));
                }
                long limit = connection.capabilities().sizeLimit();
                if (limit > 0 && mail.size() > limit) {
                    pool.release(connection);
                    return all(pending, new RecipientOutcome(RecipientOutcome.Kind.FAILED, "5.3.4",
                            "x-mail-platform; message of " + mail.size() + " bytes exceeds the " + limit
                                    + " bytes " + host + " accepts", "dns; " + host));
                }
                try {
                    if (payload == null) {
                        payload = DataEncoder.encode(signed(mail, read(mail)));
                    }
                } catch (IOException | RuntimeException e) {
                    pool.release(connection);
                    if (!blobs.exists(mail.blobKey())) {
                        // the body is gone for good: retrying cannot help, the sender must hear of it
                        LOG.errorf("%s: body %s missing from storage", mail.outboundId(), mail.blobKey());
                        return all(pending, RecipientOutcome.failed("5.3.0",
                                "x-mail-platform; the message body was lost before relaying"));
                    }
                    throw new IllegalStateException("cannot prepare " + mail.outboundId() + ": " + e.getMessage(), e);
                }
                try {
                    Map<String, RecipientOutcome> outcomes = connection.send(envelope(mail, pending), payload);
                    pool.release(connection);
                    LOG.debugf("%s via %s [%s] (tls=%s): %s", mail.outboundId(), host, address.getHostAddress(),
                            connection.tls(), outcomes);
                    return outcomes;
                } catch (IOException | SmtpProtocolException e) {
                    connection.quitQuietly();
                    // RFC 5321 §6.1: after a lost connection we cannot know whether the peer took the message;
                    // deferring risks a duplicate, which beats losing it
                    LOG.infof("%s: transaction with %s failed: %s", mail.outboundId(), host, e.getMessage());
                    return all(pending, new RecipientOutcome(RecipientOutcome.Kind.DEFERRED, "4.4.2",
                            "x-mail-platform; connection with " + host + " lost: " + e.getMessage(), "dns; " + host));
                }
            }
        }
        return all(pending, lastFailure);
    }

    private SmtpConnection open(String host, InetSocketAddress target) throws SmtpConnection.ConnectFailure {
        try {
            return SmtpConnection.open(settings, host, target, true);
        } catch (SmtpConnection.ConnectFailure e) {
            if (!e.tlsHandshake()) {
                throw e;
            }
            // RFC 7435 §1: opportunistic TLS that fails falls back to cleartext rather than not delivering
            LOG.infof("STARTTLS with %s failed (%s); retrying without TLS", host, e.getMessage());
            return SmtpConnection.open(settings, host, target, false);
        }
    }

    private byte[] read(OutboundMail mail) throws IOException {
        try (InputStream in = blobs.get(mail.blobKey())) {
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, config.maxMessageSize() + 1));
            if (bytes.length > config.maxMessageSize()) {
                throw new IOException("message larger than mail.relay.max-message-size");
            }
            return bytes;
        }
    }

    /** RFC 6376: the message with a DKIM-Signature in front when its author's domain has a key. */
    byte[] signed(OutboundMail mail, byte[] message) throws IOException {
        if (!config.dkim().enabled() || mail.senderTenantId() == null) {
            return message;
        }
        Optional<String> domain = fromDomain(message);
        if (domain.isEmpty()) {
            return message;
        }
        Optional<DkimKey> key = dkimKeys.keyFor(domain.get());
        if (key.isEmpty()) {
            return message;
        }
        String header = DkimSigner.sign(message, key.get(), config.dkim().headers(), Instant.now().getEpochSecond());
        byte[] h = header.getBytes(StandardCharsets.ISO_8859_1);
        byte[] out = new byte[h.length + message.length];
        System.arraycopy(h, 0, out, 0, h.length);
        System.arraycopy(message, 0, out, h.length, message.length);
        return out;
    }

    /** The domain of the RFC 5322 From address (the DKIM d= that DMARC aligns with). */
    static Optional<String> fromDomain(byte[] message) {
        String text = new String(message, 0, Math.min(message.length, 64 * 1024), StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        String header = end < 0 ? text : text.substring(0, end + 2);
        Matcher field = Pattern.compile("(?im)^from:((?:[^\r\n]|\r\n[ \t])*)").matcher(header);
        if (!field.find()) {
            return Optional.empty();
        }
        Matcher m = FROM_DOMAIN.matcher(field.group(1).replaceAll("\r\n", "").replaceAll("\\(.*?\\)", "").trim());
        return m.find() ? Optional.of(m.group(1).toLowerCase(Locale.ROOT)) : Optional.empty();
    }

    private static SmtpEnvelope envelope(OutboundMail mail, List<String> pending) {
        Map<String, String> notify = new HashMap<>();
        Map<String, String> orcpt = new HashMap<>();
        for (String rcpt : pending) {
            EnvelopeRecipient p = mail.paramsOf(rcpt);
            if (!p.notifyOn().isEmpty()) {
                notify.put(rcpt, String.join(",", p.notifyOn().stream().sorted().toList()));
            }
            if (p.orcpt() != null) {
                orcpt.put(rcpt, p.orcpt());
            }
        }
        boolean eightBit = "8BITMIME".equalsIgnoreCase(mail.bodyType());
        return new SmtpEnvelope(mail.mailFrom(), pending, mail.size(), eightBit, mail.smtpUtf8(), mail.envelopeId(),
                mail.dsnReturn(), notify, orcpt);
    }

    private static Map<String, RecipientOutcome> all(List<String> recipients, RecipientOutcome outcome) {
        Map<String, RecipientOutcome> out = new LinkedHashMap<>();
        for (String r : recipients) {
            out.put(r, outcome);
        }
        return out;
    }
}
