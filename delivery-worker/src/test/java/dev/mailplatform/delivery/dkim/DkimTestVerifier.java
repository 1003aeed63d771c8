package dev.mailplatform.delivery.dkim;

import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A verifier's side of RFC 6376 §6.1.3 for the first DKIM-Signature of a message, for tests. */
public final class DkimTestVerifier {
    private DkimTestVerifier() {
    }

    /**
     * @param publicKeyBase64 the p= value: SubjectPublicKeyInfo for RSA, the raw 32 bytes for Ed25519 (RFC 8463)
     * @return null when the signature verifies, otherwise what failed
     */
    public static String verify(byte[] message, String publicKeyBase64) throws Exception {
        String text = new String(message, StandardCharsets.ISO_8859_1);
        int split = text.indexOf("\r\n\r\n");
        List<String> fields = DkimSigner.splitFields(text.substring(0, split + 2));
        String body = text.substring(split + 4);
        String sigField = fields.get(0);
        if (!sigField.toLowerCase(Locale.ROOT).startsWith("dkim-signature:")) {
            return "no DKIM-Signature on top";
        }
        Map<String, String> tags = new HashMap<>();
        for (String tag : sigField.substring(sigField.indexOf(':') + 1).split(";")) {
            int eq = tag.indexOf('=');
            if (eq > 0) {
                tags.put(tag.substring(0, eq).strip(), tag.substring(eq + 1).replaceAll("\\s", ""));
            }
        }
        if (!DkimSigner.bodyHash(body).equals(tags.get("bh"))) {
            return "body hash differs";
        }
        List<String> rest = new ArrayList<>(fields.subList(1, fields.size()));
        StringBuilder data = new StringBuilder();
        Map<String, Integer> used = new HashMap<>();
        for (String name : tags.get("h").split(":")) {
            String n = name.strip().toLowerCase(Locale.ROOT);
            int want = used.merge(n, 1, Integer::sum);
            int seen = 0;
            for (int i = rest.size() - 1; i >= 0; i--) {
                String f = rest.get(i);
                if (f.substring(0, f.indexOf(':')).strip().toLowerCase(Locale.ROOT).equals(n) && ++seen == want) {
                    data.append(DkimSigner.relaxedHeader(f));
                    break;
                }
            }
        }
        Matcher b = Pattern.compile("(b=)([^;]*)$").matcher(sigField.replaceAll("\r\n$", ""));
        if (!b.find()) {
            return "no b= at the end";
        }
        String emptied = sigField.replaceAll("\r\n$", "").substring(0, b.start(2)) + "\r\n";
        String own = DkimSigner.relaxedHeader(emptied);
        data.append(own, 0, own.length() - 2);
        byte[] signed = data.toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] sig = Base64.getDecoder().decode(tags.get("b"));
        byte[] key = Base64.getDecoder().decode(publicKeyBase64);
        boolean ok;
        if ("ed25519-sha256".equals(tags.get("a"))) {
            byte[] spki = HexFormat.of().parseHex("302a300506032b6570032100");
            byte[] encoded = new byte[spki.length + key.length];
            System.arraycopy(spki, 0, encoded, 0, spki.length);
            System.arraycopy(key, 0, encoded, spki.length, key.length);
            PublicKey pub = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(encoded));
            Signature v = Signature.getInstance("Ed25519");
            v.initVerify(pub);
            v.update(MessageDigest.getInstance("SHA-256").digest(signed));
            ok = v.verify(sig);
        } else {
            PublicKey pub = KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(key));
            Signature v = Signature.getInstance("SHA256withRSA");
            v.initVerify(pub);
            v.update(signed);
            ok = v.verify(sig);
        }
        return ok ? null : "signature does not verify";
    }
}
