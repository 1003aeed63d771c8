package dev.mailplatform.delivery.dkim;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class DkimSignerTest {
    /** RFC 8463 Appendix A.2: the example message. */
    private static final String HEADERS = "From: Joe SixPack <joe@football.example.com>\r\n"
            + "To: Suzie Q <suzie@shopping.example.net>\r\n"
            + "Subject: Is dinner ready?\r\n"
            + "Date: Fri, 11 Jul 2003 21:00:37 -0700 (PDT)\r\n"
            + "Message-ID: <20030712040037.46341.5F8J@football.example.com>\r\n";
    private static final String BODY = "Hi.\r\n\r\nWe lost the game.  Are you hungry yet?\r\n\r\nJoe.\r\n";
    /** RFC 8463 Appendix A.1: the ed25519 private key (its 32-byte seed) and public key. */
    private static final String ED25519_SEED = "nWGxne/9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A=";
    private static final String ED25519_PUBLIC = "11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=";

    @Test
    void bodyHashOfTheRfc8463Example() {
        assertThat(DkimSigner.bodyHash(BODY)).isEqualTo("2jUSOH9NhtVGCQWNr9BrIAPreKQjO6Sn7XIkfJVOzv8=");
    }

    @Test
    void ed25519SignatureOfTheRfc8463Example() {
        DkimKey key = DkimKey.of("football.example.com", "brisbane", "ed25519-sha256", ED25519_SEED);
        // RFC 8463 Appendix A.3: the signature header as published, up to "b="
        String template = "DKIM-Signature: v=1; a=ed25519-sha256; c=relaxed/relaxed;\r\n"
                + " d=football.example.com; i=@football.example.com;\r\n"
                + " q=dns/txt; s=brisbane; t=1528637909; h=from : to :\r\n"
                + " subject : date : message-id : from : subject : date;\r\n"
                + " bh=2jUSOH9NhtVGCQWNr9BrIAPreKQjO6Sn7XIkfJVOzv8=;\r\n"
                + " b=";
        List<String> fields = DkimSigner.splitFields(HEADERS);
        String b = DkimSigner.signatureFor(fields, template, key);
        assertThat(b).isEqualTo("/gCrinpcQOoIfuHNQIbq4pgh9kyIK3AQUdt9OdqQehSwhEIug4D11BusFa3bT3FY5OsU7ZbnKELq+eXdp1Q1Dw==");
    }

    @Test
    void relaxedCanonicalisationRules() {
        // RFC 6376 §3.4.5 example
        assertThat(DkimSigner.relaxedHeader("A: X\r\n")).isEqualTo("a:X\r\n");
        assertThat(DkimSigner.relaxedHeader("B : Y\t\r\n\tZ  \r\n")).isEqualTo("b:Y Z\r\n");
        assertThat(DkimSigner.relaxedBody(" C \r\nD \t E\r\n\r\n\r\n")).isEqualTo(" C\r\nD E\r\n");
        assertThat(DkimSigner.relaxedBody("")).isEmpty();
        assertThat(DkimSigner.relaxedBody("\r\n\r\n")).isEmpty();
        assertThat(DkimSigner.relaxedBody("no newline")).isEqualTo("no newline\r\n");
    }

    @Test
    void rsaSignatureVerifiesWithThePublicKeyOverTheCanonicalForm() throws Exception {
        KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
        gen.initialize(2048);
        KeyPair pair = gen.generateKeyPair();
        DkimKey key = DkimKey.of("acme.test", "s1", "rsa-sha256",
                Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded()));
        String message = HEADERS.replace("football.example.com", "acme.test") + "\r\n" + BODY;
        String header = DkimSigner.sign(message.getBytes(StandardCharsets.US_ASCII), key,
                List.of("from", "to", "subject", "date", "message-id", "cc"), 1528637909L);

        assertThat(header).startsWith("DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=acme.test; s=s1;")
                .contains("t=1528637909;").contains("h=from:to:subject:date:message-id;")
                .contains("bh=" + DkimSigner.bodyHash(BODY) + ";").endsWith("\r\n");
        // a verifier's view (RFC 6376 §6.1.3): signed headers + the signature field with b= emptied, no final CRLF
        Matcher b = Pattern.compile("b=([A-Za-z0-9+/=\\s]+)\\r\\n$").matcher(header);
        assertThat(b.find()).isTrue();
        byte[] sig = Base64.getDecoder().decode(b.group(1).replaceAll("\\s", ""));
        String emptied = header.substring(0, b.start(1));
        StringBuilder data = new StringBuilder();
        for (String f : DkimSigner.splitFields(message.substring(0, message.indexOf("\r\n\r\n") + 2))) {
            if (!f.toLowerCase().startsWith("cc")) {
                data.append(DkimSigner.relaxedHeader(f));
            }
        }
        String own = DkimSigner.relaxedHeader(emptied + "\r\n");
        data.append(own, 0, own.length() - 2);
        Signature verifier = Signature.getInstance("SHA256withRSA");
        verifier.initVerify(pair.getPublic());
        verifier.update(data.toString().getBytes(StandardCharsets.US_ASCII));
        assertThat(verifier.verify(sig)).isTrue();
    }

    @Test
    void ed25519SignatureVerifiesWithTheRfc8463PublicKey() throws Exception {
        DkimKey key = DkimKey.of("football.example.com", "brisbane", "ed25519-sha256", ED25519_SEED);
        String message = HEADERS + "\r\n" + BODY;
        String header = DkimSigner.sign(message.getBytes(StandardCharsets.US_ASCII), key,
                List.of("from", "to", "subject", "date", "message-id"), 1528637909L);
        Matcher b = Pattern.compile("b=([A-Za-z0-9+/=\\s]+)\\r\\n$").matcher(header);
        assertThat(b.find()).isTrue();
        StringBuilder data = new StringBuilder();
        for (String f : DkimSigner.splitFields(HEADERS)) {
            data.append(DkimSigner.relaxedHeader(f));
        }
        String own = DkimSigner.relaxedHeader(header.substring(0, b.start(1)) + "\r\n");
        data.append(own, 0, own.length() - 2);
        // SubjectPublicKeyInfo of a raw Ed25519 key (RFC 8410)
        byte[] spki = HexFormat.of().parseHex("302a300506032b6570032100");
        byte[] raw = Base64.getDecoder().decode(ED25519_PUBLIC);
        byte[] encoded = new byte[spki.length + raw.length];
        System.arraycopy(spki, 0, encoded, 0, spki.length);
        System.arraycopy(raw, 0, encoded, spki.length, raw.length);
        PublicKey pub = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(encoded));
        Signature verifier = Signature.getInstance("Ed25519");
        verifier.initVerify(pub);
        verifier.update(MessageDigest.getInstance("SHA-256").digest(data.toString().getBytes(StandardCharsets.US_ASCII)));
        assertThat(verifier.verify(Base64.getDecoder().decode(b.group(1).replaceAll("\\s", "")))).isTrue();
    }

    @Test
    void pkcs8PemIsAcceptedToo() {
        // the same seed wrapped in PKCS#8 (RFC 8410), as a PEM
        String pem = "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIJ1hsZ3v/VpguoRK9JLsLMREScVpezJpGXA7rAMcrn9g\n"
                + "-----END PRIVATE KEY-----\n";
        DkimKey fromPem = DkimKey.of("football.example.com", "brisbane", "ed25519-sha256", pem);
        DkimKey fromSeed = DkimKey.of("football.example.com", "brisbane", "ed25519-sha256", ED25519_SEED);
        assertThat(fromPem.privateKey().getEncoded()).isEqualTo(fromSeed.privateKey().getEncoded());
    }
}
