package dev.mailplatform.delivery.dkim;

import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;

/**
 * A domain's signing key.
 *
 * @param algorithm "rsa-sha256" or "ed25519-sha256" (RFC 6376 §3.3, RFC 8463)
 */
public record DkimKey(String domain, String selector, String algorithm, PrivateKey privateKey) {
    public static final String RSA_SHA256 = "rsa-sha256";
    public static final String ED25519_SHA256 = "ed25519-sha256";
    /** PKCS#8 wrapping of a bare 32-byte Ed25519 seed (RFC 8410 §7). */
    private static final byte[] ED25519_PKCS8_PREFIX = HexFormat.of().parseHex("302e020100300506032b657004220420");

    public DkimKey {
        algorithm = algorithm == null || algorithm.isBlank() ? RSA_SHA256 : algorithm.toLowerCase(Locale.ROOT);
        if (!RSA_SHA256.equals(algorithm) && !ED25519_SHA256.equals(algorithm)) {
            throw new IllegalArgumentException("unsupported DKIM algorithm " + algorithm);
        }
    }

    /**
     * Reads a private key given as PEM ("BEGIN PRIVATE KEY", PKCS#8) or bare base64 of PKCS#8; for ed25519 also the
     * bare 32-byte seed that RFC 8463 prints.
     */
    public static DkimKey of(String domain, String selector, String algorithm, String privateKey) {
        String base64 = privateKey.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        byte[] der = Base64.getDecoder().decode(base64);
        String alg = algorithm == null || algorithm.isBlank() ? RSA_SHA256 : algorithm.toLowerCase(Locale.ROOT);
        try {
            PrivateKey key;
            if (ED25519_SHA256.equals(alg)) {
                if (der.length == 32) {
                    byte[] wrapped = new byte[ED25519_PKCS8_PREFIX.length + 32];
                    System.arraycopy(ED25519_PKCS8_PREFIX, 0, wrapped, 0, ED25519_PKCS8_PREFIX.length);
                    System.arraycopy(der, 0, wrapped, ED25519_PKCS8_PREFIX.length, 32);
                    der = wrapped;
                }
                key = KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(der));
            } else {
                key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
            }
            return new DkimKey(domain.toLowerCase(Locale.ROOT), selector, alg, key);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalArgumentException("unreadable " + alg + " DKIM key for " + domain + ": " + e.getMessage(),
                    e);
        }
    }

    /** From config: {@code selector:algorithm:base64-or-PEM}. */
    public static DkimKey fromConfig(String domain, String spec) {
        String[] parts = spec.split(":", 3);
        if (parts.length != 3) {
            throw new IllegalArgumentException("mail.relay.dkim.static-keys." + domain
                    + " must be selector:algorithm:base64-pkcs8");
        }
        return of(domain, parts[0].trim(), parts[1].trim(), parts[2].trim());
    }
}
