package dev.mailplatform.mailbox.admin;

import dev.mailplatform.contracts.api.DkimKeyDto;
import dev.mailplatform.mailbox.api.ApiException;
import dev.mailplatform.mailbox.db.Database;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * DKIM signing keys per domain (RFC 6376; Ed25519 per RFC 8463), generated with the JDK. One active key per domain: a
 * new key replaces the previous one. Private keys are AES-256-GCM encrypted at rest when {@code mail.dkim.master-key}
 * (env MAIL_DKIM_MASTER_KEY, base64) is set. Blocking: worker threads only.
 */
@ApplicationScoped
public class DkimKeys {
    private static final Logger LOG = Logger.getLogger(DkimKeys.class);
    /** RFC 6376 §3.1: a selector is a sub-domain; one label of at most 63 characters is plenty. */
    private static final Pattern SELECTOR = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?");
    private static final String ENCRYPTED_PREFIX = "enc:v1:";
    /** SubjectPublicKeyInfo of an Ed25519 key is a fixed 12-byte header before the raw 32-byte key. */
    private static final int ED25519_SPKI_HEADER = 12;

    private final Database db;
    private final DirectoryAdmin directory;
    private final SecretKeySpec masterKey;
    private final SecureRandom random = new SecureRandom();

    public DkimKeys(Database db, DirectoryAdmin directory,
            @ConfigProperty(name = "mail.dkim.master-key") Optional<String> masterKey) {
        this.db = db;
        this.directory = directory;
        this.masterKey = masterKey.filter(k -> !k.isBlank()).map(DkimKeys::aesKey).orElse(null);
        if (this.masterKey == null) {
            LOG.warn("mail.dkim.master-key is not set: DKIM private keys are stored unencrypted");
        }
    }

    private static SecretKeySpec aesKey(String base64) {
        byte[] key = Base64.getDecoder().decode(base64.strip());
        if (key.length != 16 && key.length != 24 && key.length != 32) {
            throw new IllegalStateException("mail.dkim.master-key must be 16, 24 or 32 bytes in base64");
        }
        return new SecretKeySpec(key, "AES");
    }

    public DkimKeyDto create(UUID tenantId, String rawDomain, String rawSelector, String rawAlgorithm) {
        UUID domainId = directory.requireDomain(tenantId, rawDomain);
        String domain = Names.domain(rawDomain);
        String algorithm = rawAlgorithm == null || rawAlgorithm.isBlank() ? "rsa-sha256" : rawAlgorithm.strip();
        if (!algorithm.equals("rsa-sha256") && !algorithm.equals("ed25519-sha256")) {
            throw ApiException.badRequest("algorithm must be rsa-sha256 or ed25519-sha256");
        }
        String selector = rawSelector == null || rawSelector.isBlank()
                ? (algorithm.startsWith("ed25519") ? "ed" : "s") + YearMonth.now(ZoneOffset.UTC).toString()
                        .replace("-", "")
                : rawSelector.strip().toLowerCase(java.util.Locale.ROOT);
        if (!SELECTOR.matcher(selector).matches()) {
            throw ApiException.badRequest("selector must be one DNS label");
        }
        KeyPair pair = generate(algorithm);
        String publicKey = publicKeyBase64(algorithm, pair);
        String privatePem = pem(pair.getPrivate().getEncoded());
        UUID id = UUID.randomUUID();
        db.inTransaction(c -> {
            try (PreparedStatement retire = c.prepareStatement(
                    "UPDATE dkim_keys SET active = false WHERE domain_id = ? AND active")) {
                retire.setObject(1, domainId);
                retire.executeUpdate();
            }
            try (PreparedStatement insert = c.prepareStatement("""
                    INSERT INTO dkim_keys (id, tenant_id, domain_id, selector, algorithm, public_key, private_key)
                    VALUES (?, ?, ?, ?, ?, ?, ?)""")) {
                insert.setObject(1, id);
                insert.setObject(2, tenantId);
                insert.setObject(3, domainId);
                insert.setString(4, selector);
                insert.setString(5, algorithm);
                insert.setString(6, publicKey);
                insert.setString(7, seal(privatePem));
                return insert.executeUpdate();
            }
        });
        LOG.infof("created %s DKIM key %s for %s", algorithm, selector, domain);
        return new DkimKeyDto(domain, selector, algorithm, publicKey, dnsRecord(algorithm, publicKey), null);
    }

    /** The active key of a domain of the tenant, without the private key (admin API). */
    public DkimKeyDto active(UUID tenantId, String rawDomain) {
        directory.requireDomain(tenantId, rawDomain);
        DkimKeyDto key = find(Names.domain(rawDomain), tenantId);
        if (key == null) {
            throw ApiException.notFound("domain has no DKIM key");
        }
        return new DkimKeyDto(key.domain(), key.selector(), key.algorithm(), key.publicKeyBase64(), key.dnsRecord(),
                null);
    }

    /** The active key of a domain with its private key (service API, for signing); null when there is none. */
    public DkimKeyDto signingKey(String rawDomain) {
        Names.Address probe = Names.parseAddress("x@" + (rawDomain == null ? "" : rawDomain.strip()));
        if (probe == null) {
            return null;
        }
        return find(probe.domain(), null);
    }

    private DkimKeyDto find(String domain, UUID tenantId) {
        return db.read(c -> {
            try (PreparedStatement query = c.prepareStatement("""
                    SELECT d.name, k.selector, k.algorithm, k.public_key, k.private_key
                    FROM dkim_keys k JOIN domains d ON d.id = k.domain_id AND d.tenant_id = k.tenant_id
                    WHERE lower(d.name) = ? AND k.active""" + (tenantId == null ? "" : " AND k.tenant_id = ?"))) {
                query.setString(1, domain);
                if (tenantId != null) {
                    query.setObject(2, tenantId);
                }
                try (ResultSet row = query.executeQuery()) {
                    if (!row.next()) {
                        return null;
                    }
                    return new DkimKeyDto(row.getString(1), row.getString(2), row.getString(3), row.getString(4),
                            dnsRecord(row.getString(3), row.getString(4)), open(row.getString(5)));
                }
            }
        });
    }

    private static KeyPair generate(String algorithm) {
        try {
            if (algorithm.equals("rsa-sha256")) {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048); // RFC 8301 §3.2: at least 1024, 2048 recommended
                return generator.generateKeyPair();
            }
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate a " + algorithm + " key", e);
        }
    }

    /** RFC 6376 §3.6.1: p= is the SubjectPublicKeyInfo for RSA; RFC 8463 §4: the raw 32-byte key for Ed25519. */
    private static String publicKeyBase64(String algorithm, KeyPair pair) {
        byte[] spki = pair.getPublic().getEncoded();
        byte[] value = algorithm.equals("rsa-sha256") ? spki
                : Arrays.copyOfRange(spki, ED25519_SPKI_HEADER, spki.length);
        return Base64.getEncoder().encodeToString(value);
    }

    static String dnsRecord(String algorithm, String publicKey) {
        return "v=DKIM1; k=" + (algorithm.equals("rsa-sha256") ? "rsa" : "ed25519") + "; p=" + publicKey;
    }

    private static String pem(byte[] pkcs8) {
        return "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(pkcs8)
                + "\n-----END PRIVATE KEY-----\n";
    }

    private String seal(String pem) {
        if (masterKey == null) {
            return pem;
        }
        try {
            byte[] iv = new byte[12];
            random.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, masterKey, new GCMParameterSpec(128, iv));
            byte[] sealed = cipher.doFinal(pem.getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[iv.length + sealed.length];
            System.arraycopy(iv, 0, out, 0, iv.length);
            System.arraycopy(sealed, 0, out, iv.length, sealed.length);
            return ENCRYPTED_PREFIX + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encrypt a DKIM key", e);
        }
    }

    private String open(String stored) {
        if (!stored.startsWith(ENCRYPTED_PREFIX)) {
            return stored;
        }
        if (masterKey == null) {
            throw new IllegalStateException("DKIM key is encrypted but mail.dkim.master-key is not set");
        }
        try {
            byte[] in = Base64.getDecoder().decode(stored.substring(ENCRYPTED_PREFIX.length()));
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, masterKey, new GCMParameterSpec(128, in, 0, 12));
            return new String(cipher.doFinal(in, 12, in.length - 12), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot decrypt a DKIM key (wrong mail.dkim.master-key?)", e);
        }
    }
}
