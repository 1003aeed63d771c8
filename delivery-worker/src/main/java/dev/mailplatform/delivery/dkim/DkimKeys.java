package dev.mailplatform.delivery.dkim;

import dev.mailplatform.contracts.Json;
import dev.mailplatform.contracts.api.ApiPaths;
import dev.mailplatform.contracts.api.DkimKeyDto;
import dev.mailplatform.delivery.config.RelayConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The signing key of a domain: from {@code mail.relay.dkim.static-keys} first, else from the mailbox service
 * ({@link ApiPaths#DKIM_SIGNING_KEY}, service token), cached for {@code mail.relay.dkim.cache-ttl} including the
 * answer "no key". Blocking HTTP: relay threads only.
 */
@ApplicationScoped
public class DkimKeys {
    private static final Logger LOG = Logger.getLogger(DkimKeys.class);

    private record Cached(Optional<DkimKey> key, long expiresAtNanos) {
    }

    private final Map<String, DkimKey> staticKeys = new HashMap<>();
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final RelayConfig config;
    private final String baseUrl;
    private final String serviceToken;

    DkimKeys(RelayConfig config,
            @ConfigProperty(name = "mail.mailbox-service.url", defaultValue = "http://localhost:8080") String baseUrl,
            @ConfigProperty(name = "mail.service-token", defaultValue = "") String serviceToken) {
        this.config = config;
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.serviceToken = serviceToken;
        config.dkim().staticKeys().forEach((domain, spec) -> {
            String d = unquote(domain).toLowerCase(Locale.ROOT);
            staticKeys.put(d, DkimKey.fromConfig(d, spec));
        });
    }

    /**
     * The key for {@code domain}, or empty when it signs nothing.
     *
     * @throws IOException when the mailbox service cannot be asked (the caller defers rather than send unsigned)
     */
    public Optional<DkimKey> keyFor(String domain) throws IOException {
        String d = domain.toLowerCase(Locale.ROOT);
        DkimKey configured = staticKeys.get(d);
        if (configured != null) {
            return Optional.of(configured);
        }
        Cached cached = cache.get(d);
        if (cached != null && cached.expiresAtNanos() - System.nanoTime() > 0) {
            return cached.key();
        }
        Optional<DkimKey> key = fetch(d);
        cache.put(d, new Cached(key, System.nanoTime() + config.dkim().cacheTtl().toNanos()));
        return key;
    }

    private Optional<DkimKey> fetch(String domain) throws IOException {
        URI uri = URI.create(baseUrl + ApiPaths.DKIM_SIGNING_KEY.replace("{domain}",
                URLEncoder.encode(domain, StandardCharsets.UTF_8)));
        HttpResponse<byte[]> resp;
        try {
            resp = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
                    .header("Authorization", "Bearer " + serviceToken).header("Accept", "application/json").GET()
                    .build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        if (resp.statusCode() == 404) {
            return Optional.empty();
        }
        if (resp.statusCode() != 200) {
            throw new IOException("DKIM key of " + domain + ": mailbox service answered " + resp.statusCode());
        }
        DkimKeyDto dto = Json.fromBytes(resp.body(), DkimKeyDto.class);
        if (dto.privateKeyPem() == null || dto.privateKeyPem().isBlank()) {
            LOG.warnf("the mailbox service returned no private key for %s: not signing", domain);
            return Optional.empty();
        }
        return Optional.of(DkimKey.of(domain, dto.selector(), dto.algorithm(), dto.privateKeyPem()));
    }

    private static String unquote(String s) {
        return s.startsWith("\"") && s.endsWith("\"") && s.length() > 1 ? s.substring(1, s.length() - 1) : s;
    }
}
