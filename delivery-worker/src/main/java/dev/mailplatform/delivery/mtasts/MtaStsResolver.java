package dev.mailplatform.delivery.mtasts;

import dev.mailplatform.delivery.dns.MxResolver;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import org.jboss.logging.Logger;

/**
 * Discovers and caches a domain's MTA-STS policy (RFC 8461 §3): the TXT record at {@code _mta-sts.<domain>}, then
 * the policy over HTTPS from {@code mta-sts.<domain>} with a validated certificate. Names are resolved with the
 * relay's own resolvers. Blocking: relay threads only.
 */
public final class MtaStsResolver {
    private static final Logger LOG = Logger.getLogger(MtaStsResolver.class);
    /** RFC 8461 §3.3: policy bodies are at most 64 KiB. */
    private static final int MAX_BODY = 64 * 1024;

    private record Cached(String id, MtaStsPolicy policy, long expiresAtNanos) {
    }

    private final MxResolver dns;
    private final SSLSocketFactory validatingTls;
    private final int httpsPort;
    private final Duration timeout;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    public MtaStsResolver(MxResolver dns, SSLSocketFactory validatingTls, int httpsPort, Duration timeout) {
        this.dns = dns;
        this.validatingTls = validatingTls;
        this.httpsPort = httpsPort;
        this.timeout = timeout;
    }

    /** The policy in force for mail to {@code domain}, or empty when it has none (or none could be learnt). */
    public Optional<MtaStsPolicy> policyFor(String domain) {
        String d = domain.toLowerCase(Locale.ROOT);
        Cached cached = cache.get(d);
        boolean fresh = cached != null && cached.expiresAtNanos() - System.nanoTime() > 0;
        String id;
        try {
            id = stsId(d);
        } catch (IOException e) {
            // RFC 8461 §5.1: a DNS failure does not make a cached, unexpired policy go away
            return fresh ? Optional.of(cached.policy()) : Optional.empty();
        }
        if (id == null) {
            // no TXT record: a cached policy stays valid until max_age (RFC 8461 §5.1, downgrade protection)
            return fresh ? Optional.of(cached.policy()) : Optional.empty();
        }
        if (fresh && id.equals(cached.id())) {
            return Optional.of(cached.policy());
        }
        try {
            MtaStsPolicy policy = MtaStsPolicy.parse(fetch(d));
            cache.put(d, new Cached(id, policy,
                    System.nanoTime() + Duration.ofSeconds(policy.maxAgeSeconds()).toNanos()));
            return Optional.of(policy);
        } catch (IOException | IllegalArgumentException e) {
            LOG.infof("MTA-STS policy of %s not usable: %s", d, e.getMessage());
            return fresh ? Optional.of(cached.policy()) : Optional.empty();
        }
    }

    /** The id of the single "v=STSv1" TXT record, or null when there is none (or more than one). */
    private String stsId(String domain) throws IOException {
        List<String> records = dns.txt("_mta-sts." + domain).stream().filter(t -> t.startsWith("v=STSv1")).toList();
        if (records.size() != 1) {
            return null;
        }
        for (String field : records.get(0).split(";")) {
            String f = field.strip();
            if (f.startsWith("id=")) {
                return f.substring(3).strip();
            }
        }
        return null;
    }

    /** RFC 8461 §3.3: GET https://mta-sts.<domain>/.well-known/mta-sts.txt, 200 only, no redirects. */
    private String fetch(String domain) throws IOException {
        String host = "mta-sts." + domain;
        List<InetAddress> addresses = dns.addresses(host, 2);
        if (addresses.isEmpty()) {
            throw new IOException(host + " has no address");
        }
        Socket plain = new Socket();
        plain.connect(new InetSocketAddress(addresses.get(0), httpsPort), (int) timeout.toMillis());
        plain.setSoTimeout((int) timeout.toMillis());
        try (SSLSocket tls = (SSLSocket) validatingTls.createSocket(plain, host, httpsPort, true)) {
            SSLParameters params = tls.getSSLParameters();
            params.setServerNames(List.of(new SNIHostName(host)));
            // the certificate must be valid for mta-sts.<domain>
            params.setEndpointIdentificationAlgorithm("HTTPS");
            tls.setSSLParameters(params);
            tls.startHandshake();
            OutputStream out = tls.getOutputStream();
            out.write(("GET /.well-known/mta-sts.txt HTTP/1.0\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = tls.getInputStream();
            ByteArrayOutputStream response = new ByteArrayOutputStream();
            byte[] buf = new byte[4096];
            int n;
            while ((n = in.read(buf)) >= 0) {
                response.write(buf, 0, n);
                if (response.size() > MAX_BODY + 8192) {
                    throw new IOException("policy larger than 64 KiB");
                }
            }
            String text = response.toString(StandardCharsets.UTF_8);
            int split = text.indexOf("\r\n\r\n");
            if (split < 0 || !text.startsWith("HTTP/1.") || !text.substring(9, 12).equals("200")) {
                throw new IOException("policy fetch answered " + text.lines().findFirst().orElse("nothing"));
            }
            return text.substring(split + 4);
        }
    }
}
