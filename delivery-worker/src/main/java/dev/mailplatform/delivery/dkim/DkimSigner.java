package dev.mailplatform.delivery.dkim;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.Signature;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * DKIM signing (RFC 6376) with relaxed/relaxed canonicalisation, rsa-sha256 and ed25519-sha256 (RFC 8463). Pure: the
 * message is a byte array, the clock is a parameter. Bytes are handled as ISO-8859-1 so 8-bit content hashes
 * exactly as sent.
 */
public final class DkimSigner {
    private DkimSigner() {
    }

    /**
     * The DKIM-Signature header field (with its CRLF) to put in front of the message.
     *
     * @param headerNames names to sign when present, in the order given (RFC 6376 §5.4.2: each instance, bottom-up)
     */
    public static String sign(byte[] message, DkimKey key, List<String> headerNames, long timestampSeconds) {
        String text = new String(message, StandardCharsets.ISO_8859_1);
        int split = headerEnd(text);
        List<String> fields = splitFields(split < 0 ? text : text.substring(0, split));
        String body = split < 0 ? "" : text.substring(split);

        // pick the header instances to sign: for a name listed once per instance, bottom-up (RFC 6376 §5.4.2)
        Map<String, Integer> used = new HashMap<>();
        List<String> signedNames = new ArrayList<>();
        List<String> signedFields = new ArrayList<>();
        for (String wanted : headerNames) {
            String name = wanted.toLowerCase(Locale.ROOT).trim();
            int count = 0;
            for (String f : fields) {
                if (nameOf(f).equals(name)) {
                    count++;
                }
            }
            for (int i = 0; i < count; i++) {
                String field = nthFromBottom(fields, name, used.merge(name, 1, Integer::sum));
                signedNames.add(name);
                signedFields.add(field);
            }
        }
        String template = "DKIM-Signature: v=1; a=" + key.algorithm() + "; c=relaxed/relaxed; d=" + key.domain()
                + "; s=" + key.selector() + ";\r\n\tt=" + timestampSeconds + "; h=" + String.join(":", signedNames)
                + ";\r\n\tbh=" + bodyHash(body) + ";\r\n\tb=";
        String b = signatureFor(signedFields, template, key);
        return template + fold(b) + "\r\n";
    }

    /** The b= value for a DKIM-Signature whose text (ending in "b=") is {@code template}. */
    static String signatureFor(List<String> signedFields, String template, DkimKey key) {
        StringBuilder input = new StringBuilder();
        for (String f : signedFields) {
            input.append(relaxedHeader(f));
        }
        // RFC 6376 §3.7: the signature field itself, with b= empty and without its trailing CRLF
        String own = relaxedHeader(template);
        input.append(own, 0, own.length() - 2);
        byte[] data = input.toString().getBytes(StandardCharsets.ISO_8859_1);
        try {
            byte[] sig;
            if (DkimKey.ED25519_SHA256.equals(key.algorithm())) {
                // RFC 8463 §3: Ed25519 signs the SHA-256 hash of the data, not the data
                Signature s = Signature.getInstance("Ed25519");
                s.initSign(key.privateKey());
                s.update(MessageDigest.getInstance("SHA-256").digest(data));
                sig = s.sign();
            } else {
                Signature s = Signature.getInstance("SHA256withRSA");
                s.initSign(key.privateKey());
                s.update(data);
                sig = s.sign();
            }
            return Base64.getEncoder().encodeToString(sig);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("DKIM signing failed for " + key.domain(), e);
        }
    }

    /** Base64 SHA-256 of the relaxed-canonical body (RFC 6376 §3.4.4, §3.7). */
    public static String bodyHash(String body) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
                    .digest(relaxedBody(body).getBytes(StandardCharsets.ISO_8859_1)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** RFC 6376 §3.4.4: collapse whitespace runs, drop trailing whitespace per line and empty lines at the end. */
    static String relaxedBody(String body) {
        String[] lines = body.split("\r\n", -1);
        // split leaves a final "" after the last CRLF; then strip the empty lines at the end
        List<String> out = new ArrayList<>();
        for (String line : lines) {
            out.add(line.replaceAll("[ \t]+", " ").replaceAll(" $", ""));
        }
        while (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) {
            out.remove(out.size() - 1);
        }
        StringBuilder sb = new StringBuilder();
        for (String line : out) {
            sb.append(line).append("\r\n");
        }
        return sb.toString();
    }

    /** RFC 6376 §3.4.2: lower-case name, unfolded value, whitespace runs as one space, none around the colon. */
    static String relaxedHeader(String field) {
        int colon = field.indexOf(':');
        String name = field.substring(0, colon).replaceAll("[ \t]+$", "").toLowerCase(Locale.ROOT);
        String value = field.substring(colon + 1).replaceAll("\r\n(?=[ \t])", "").replaceAll("\r\n$", "")
                .replaceAll("[ \t]+", " ").strip();
        return name + ":" + value + "\r\n";
    }

    /** Offset of the body: just after the empty line, or -1 when the message has no body separator. */
    private static int headerEnd(String text) {
        if (text.startsWith("\r\n")) {
            return 2;
        }
        int i = text.indexOf("\r\n\r\n");
        return i < 0 ? -1 : i + 4;
    }

    /** Header fields with their continuation lines and final CRLF. */
    static List<String> splitFields(String header) {
        List<String> fields = new ArrayList<>();
        StringBuilder current = null;
        for (String line : header.split("(?<=\r\n)")) {
            if (line.isEmpty() || line.equals("\r\n")) {
                continue;
            }
            if ((line.startsWith(" ") || line.startsWith("\t")) && current != null) {
                current.append(line);
            } else {
                if (current != null) {
                    fields.add(current.toString());
                }
                current = new StringBuilder(line);
            }
        }
        if (current != null) {
            fields.add(current.toString());
        }
        fields.removeIf(f -> f.indexOf(':') < 0);
        return fields;
    }

    private static String nameOf(String field) {
        return field.substring(0, field.indexOf(':')).trim().toLowerCase(Locale.ROOT);
    }

    private static String nthFromBottom(List<String> fields, String name, int n) {
        int seen = 0;
        for (int i = fields.size() - 1; i >= 0; i--) {
            if (nameOf(fields.get(i)).equals(name) && ++seen == n) {
                return fields.get(i);
            }
        }
        throw new IllegalStateException("no instance " + n + " of " + name);
    }

    private static String fold(String b64) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < b64.length(); i += 70) {
            if (i > 0) {
                sb.append("\r\n\t ");
            }
            sb.append(b64, i, Math.min(b64.length(), i + 70));
        }
        return sb.toString();
    }
}
