package dev.mailplatform.contracts.api;

/**
 * A domain's DKIM signing key. The admin API returns it without {@code privateKeyPem} but with {@code dnsRecord}
 * (the TXT record to publish at {@code <selector>._domainkey.<domain>}); the service API (delivery worker) gets the
 * private key too.
 *
 * @param algorithm "rsa-sha256" or "ed25519-sha256"
 */
public record DkimKeyDto(String domain, String selector, String algorithm, String publicKeyBase64, String dnsRecord,
        String privateKeyPem) {
}
