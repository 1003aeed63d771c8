package dev.mailplatform.delivery.mtasts;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An MTA-STS policy (RFC 8461 §3.2). Pure: parsing and MX matching.
 *
 * @param mxPatterns host names, or "*.example.com" wildcards of exactly one label (RFC 8461 §4.1)
 */
public record MtaStsPolicy(Mode mode, List<String> mxPatterns, long maxAgeSeconds) {
    public enum Mode {
        /** deliver only to a listed MX, over TLS with a valid certificate for its name */
        ENFORCE,
        /** report-only: deliver as without a policy */
        TESTING,
        /** the domain withdrew its policy */
        NONE
    }

    /** RFC 8461 §3.2: at most one year. */
    static final long MAX_AGE_LIMIT = 31_557_600;

    public MtaStsPolicy {
        mxPatterns = List.copyOf(mxPatterns);
    }

    /** Parses a policy body; throws {@link IllegalArgumentException} when it is not a valid STSv1 policy. */
    public static MtaStsPolicy parse(String body) {
        String version = null;
        Mode mode = null;
        Long maxAge = null;
        List<String> mx = new ArrayList<>();
        for (String raw : body.split("\r?\n")) {
            String line = raw.strip();
            if (line.isEmpty()) {
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("not a key: value line: " + line);
            }
            String key = line.substring(0, colon).strip();
            String value = line.substring(colon + 1).strip();
            switch (key) {
                case "version" -> version = value;
                case "mode" -> mode = switch (value) {
                    case "enforce" -> Mode.ENFORCE;
                    case "testing" -> Mode.TESTING;
                    case "none" -> Mode.NONE;
                    default -> throw new IllegalArgumentException("unknown mode " + value);
                };
                case "max_age" -> {
                    if (!value.matches("[0-9]{1,10}")) {
                        throw new IllegalArgumentException("bad max_age " + value);
                    }
                    maxAge = Math.min(Long.parseLong(value), MAX_AGE_LIMIT);
                }
                case "mx" -> mx.add(value.toLowerCase(Locale.ROOT));
                default -> {
                    // RFC 8461 §3.2: unknown fields are ignored (extensions)
                }
            }
        }
        if (!"STSv1".equals(version)) {
            throw new IllegalArgumentException("version must be STSv1");
        }
        if (mode == null || maxAge == null) {
            throw new IllegalArgumentException("mode and max_age are required");
        }
        if (mode != Mode.NONE && mx.isEmpty()) {
            throw new IllegalArgumentException("a policy in mode " + mode + " needs at least one mx");
        }
        return new MtaStsPolicy(mode, mx, maxAge);
    }

    /** RFC 8461 §4.1: exact name, or "*." plus the parent domain of a name with exactly one more label. */
    public boolean allows(String mxHost) {
        String host = mxHost.toLowerCase(Locale.ROOT);
        if (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        for (String pattern : mxPatterns) {
            if (pattern.startsWith("*.")) {
                int dot = host.indexOf('.');
                if (dot > 0 && host.substring(dot + 1).equals(pattern.substring(2))) {
                    return true;
                }
            } else if (host.equals(pattern)) {
                return true;
            }
        }
        return false;
    }

    public boolean enforced() {
        return mode == Mode.ENFORCE;
    }
}
