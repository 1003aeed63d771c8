/* Mail platform. Licensed under the Apache License 2.0. */
package dev.mailplatform.smtp.inbound;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * DMARC evaluation (RFC 7489): record discovery (§6.6.3), identifier alignment (§3.1) and the resulting policy.
 * Pure except for the TXT lookups it is given.
 *
 * <p>The organizational domain is approximated by the last two labels: the Public Suffix List is not bundled, so
 * under multi-label public suffixes (co.uk) relaxed alignment is stricter than it should be, never looser.
 */
public final class Dmarc {
    private Dmarc() {
    }

    /** A parsed DMARC record. */
    record Policy(String p, String sp, boolean strictDkim, boolean strictSpf) {
    }

    public record Outcome(String result, String policy) {
    }

    public interface TxtLookup {
        /** TXT strings, empty list for no record, empty Optional on a temporary DNS failure. */
        Optional<List<String>> txt(String name);
    }

    public static Outcome evaluate(String fromDomain, String spfResult, String spfDomain,
            List<AuthenticationResults.Dkim> dkim, TxtLookup dns) {
        if (fromDomain == null) {
            return new Outcome("permerror", null);
        }
        String domain = fromDomain.toLowerCase(Locale.ROOT);
        Optional<Optional<Policy>> exact = lookup(domain, dns);
        if (exact.isEmpty()) {
            return new Outcome("temperror", null);
        }
        Optional<Policy> record = exact.get();
        boolean subdomainPolicy = false;
        String org = organizationalDomain(domain);
        if (record.isEmpty() && !org.equals(domain)) {
            Optional<Optional<Policy>> orgRecord = lookup(org, dns);
            if (orgRecord.isEmpty()) {
                return new Outcome("temperror", null);
            }
            record = orgRecord.get();
            subdomainPolicy = true;
        }
        if (record.isEmpty()) {
            return new Outcome("none", null);
        }
        Policy policy = record.get();
        String applied = subdomainPolicy && policy.sp() != null ? policy.sp() : policy.p();
        boolean spfAligned = "pass".equals(spfResult) && spfDomain != null
                && aligned(spfDomain, domain, policy.strictSpf());
        boolean dkimAligned = dkim.stream().anyMatch(d -> "pass".equals(d.result()) && d.domain() != null
                && aligned(d.domain(), domain, policy.strictDkim()));
        return new Outcome(spfAligned || dkimAligned ? "pass" : "fail", applied);
    }

    /** Empty Optional: temporary failure; Optional.empty() inside: no DMARC record. */
    private static Optional<Optional<Policy>> lookup(String domain, TxtLookup dns) {
        Optional<List<String>> txt = dns.txt("_dmarc." + domain + ".");
        if (txt.isEmpty()) {
            return Optional.empty();
        }
        List<String> records = txt.get().stream().filter(t -> t.startsWith("v=DMARC1")).toList();
        // RFC 7489 §6.6.3: anything but exactly one record means no policy
        if (records.size() != 1) {
            return Optional.of(Optional.empty());
        }
        return Optional.of(parse(records.get(0)));
    }

    static Optional<Policy> parse(String record) {
        Map<String, String> tags = new HashMap<>();
        for (String part : record.split(";")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                tags.put(part.substring(0, eq).strip().toLowerCase(Locale.ROOT), part.substring(eq + 1).strip());
            }
        }
        String p = normalizePolicy(tags.get("p"));
        if (p == null) {
            // RFC 7489 §6.6.3: a record without a valid p tag is ignored, unless rua makes it p=none
            return tags.containsKey("rua") ? Optional.of(new Policy("none", null, false, false)) : Optional.empty();
        }
        return Optional.of(new Policy(p, normalizePolicy(tags.get("sp")), "s".equalsIgnoreCase(tags.get("adkim")),
                "s".equalsIgnoreCase(tags.get("aspf"))));
    }

    private static String normalizePolicy(String value) {
        if (value == null) {
            return null;
        }
        String lower = value.toLowerCase(Locale.ROOT);
        return lower.equals("none") || lower.equals("quarantine") || lower.equals("reject") ? lower : null;
    }

    static boolean aligned(String authenticated, String from, boolean strict) {
        String a = trimDot(authenticated.toLowerCase(Locale.ROOT));
        String f = trimDot(from.toLowerCase(Locale.ROOT));
        return strict ? a.equals(f) : organizationalDomain(a).equals(organizationalDomain(f));
    }

    static String organizationalDomain(String domain) {
        String d = trimDot(domain);
        int last = d.lastIndexOf('.');
        if (last <= 0) {
            return d;
        }
        int previous = d.lastIndexOf('.', last - 1);
        return previous < 0 ? d : d.substring(previous + 1);
    }

    private static String trimDot(String domain) {
        return domain.endsWith(".") ? domain.substring(0, domain.length() - 1) : domain;
    }
}
