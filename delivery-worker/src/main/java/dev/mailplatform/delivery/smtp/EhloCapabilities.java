package dev.mailplatform.delivery.smtp;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** The extensions a peer announced in its EHLO reply (RFC 5321 §4.1.1.1), keyed by upper-case keyword. */
public record EhloCapabilities(Map<String, String> keywords) {
    public static final EhloCapabilities NONE = new EhloCapabilities(Map.of());

    public static EhloCapabilities parse(SmtpReply ehloReply) {
        Map<String, String> map = new HashMap<>();
        // the first line is the greeting "domain text"; the extensions follow, one per line
        for (int i = 1; i < ehloReply.lines().size(); i++) {
            String line = ehloReply.lines().get(i).trim();
            if (line.isEmpty()) {
                continue;
            }
            int sp = line.indexOf(' ');
            String key = (sp < 0 ? line : line.substring(0, sp)).toUpperCase(Locale.ROOT);
            map.put(key, sp < 0 ? "" : line.substring(sp + 1).trim());
        }
        return new EhloCapabilities(Map.copyOf(map));
    }

    public boolean has(String keyword) {
        return keywords.containsKey(keyword);
    }

    /** RFC 1870: the peer's size limit, 0 when it announced SIZE without one, -1 when it did not announce SIZE. */
    public long sizeLimit() {
        String value = keywords.get("SIZE");
        if (value == null) {
            return -1;
        }
        try {
            return value.isEmpty() ? 0 : Long.parseLong(value.split("\\s+")[0]);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
