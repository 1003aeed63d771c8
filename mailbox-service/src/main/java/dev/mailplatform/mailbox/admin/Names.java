package dev.mailplatform.mailbox.admin;

import dev.mailplatform.mailbox.api.ApiException;
import java.util.Locale;
import java.util.regex.Pattern;

/** Syntax checks and canonical forms of tenant names, domain names and account addresses. */
public final class Names {
    /** RFC 1035 §2.3.4 / RFC 5321 §4.5.3.1.2: 255 octets per domain, 63 per label. */
    static final int MAX_DOMAIN = 253;
    /** RFC 5321 §4.5.3.1.1: 64 octets of local part; §4.5.3.1.3 limits a path to 256, so 254 for the address. */
    static final int MAX_LOCAL_PART = 64;
    static final int MAX_ADDRESS = 254;
    static final int MAX_TENANT_NAME = 200;

    private static final Pattern LABEL = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?");
    // RFC 5322 §3.2.3 dot-atom; quoted local parts are refused on purpose: no client of ours creates them
    private static final Pattern DOT_ATOM = Pattern.compile(
            "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*");

    private Names() {
    }

    public static String tenantName(String raw) {
        if (raw == null || raw.isBlank()) {
            throw ApiException.badRequest("tenant name must not be empty");
        }
        String name = raw.strip();
        if (name.length() > MAX_TENANT_NAME || name.chars().anyMatch(Character::isISOControl)) {
            throw ApiException.badRequest("tenant name must be at most " + MAX_TENANT_NAME
                    + " printable characters");
        }
        return name;
    }

    /** Lower-cased domain name, without a trailing dot. */
    public static String domain(String raw) {
        if (raw == null || raw.isBlank()) {
            throw ApiException.badRequest("domain name must not be empty");
        }
        String name = raw.strip().toLowerCase(Locale.ROOT);
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        if (!isDomain(name)) {
            throw ApiException.badRequest("not a valid domain name: " + raw.strip());
        }
        return name;
    }

    /** An address split into its parts; the domain is lower-cased, the local part kept as given. */
    public record Address(String localPart, String domain) {
        public String canonical() {
            return localPart + "@" + domain;
        }
    }

    public static Address address(String raw) {
        if (raw == null || raw.isBlank()) {
            throw ApiException.badRequest("address must not be empty");
        }
        Address address = parseAddress(raw.strip());
        if (address == null) {
            throw ApiException.badRequest("not a valid mail address: " + raw.strip());
        }
        return address;
    }

    /** The parsed address, or null when it is not a plain {@code local@domain} address. */
    public static Address parseAddress(String text) {
        if (text.length() > MAX_ADDRESS) {
            return null;
        }
        int at = text.lastIndexOf('@');
        if (at <= 0 || at == text.length() - 1) {
            return null;
        }
        String local = text.substring(0, at);
        String domain = text.substring(at + 1).toLowerCase(Locale.ROOT);
        if (local.length() > MAX_LOCAL_PART || !DOT_ATOM.matcher(local).matches() || !isDomain(domain)) {
            return null;
        }
        return new Address(local, domain);
    }

    static boolean isDomain(String name) {
        if (name.isEmpty() || name.length() > MAX_DOMAIN) {
            return false;
        }
        for (String label : name.split("\\.", -1)) {
            if (!LABEL.matcher(label).matches()) {
                return false;
            }
        }
        return true;
    }
}
