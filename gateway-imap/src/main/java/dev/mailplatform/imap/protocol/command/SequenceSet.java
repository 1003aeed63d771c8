package dev.mailplatform.imap.protocol.command;

import dev.mailplatform.imap.error.ProtocolException;
import java.util.ArrayList;
import java.util.List;

/**
 * A sequence set (RFC 9051 §9 {@code sequence-set}) of message sequence numbers or UIDs. {@code *} is kept symbolic
 * ({@link #STAR}) and resolved against the largest number in use when the set is applied.
 */
public record SequenceSet(List<Range> ranges) {
    public static final long STAR = -1;
    /** nz-number is a uint32 (RFC 9051 §9): the largest sequence number or UID there can be. */
    public static final long MAX_NUMBER = 4_294_967_295L;

    /** {@code first:last} as written; either may be {@link #STAR}; the order does not matter (RFC 9051 §9). */
    public record Range(long first, long last) {
        boolean contains(long n, long largest) {
            long a = first == STAR ? largest : first;
            long b = last == STAR ? largest : last;
            return n >= Math.min(a, b) && n <= Math.max(a, b);
        }
    }

    public SequenceSet {
        ranges = List.copyOf(ranges);
    }

    /** True when {@code n} is in the set, {@code *} standing for {@code largest} (the number of messages or the
     * largest UID). */
    public boolean contains(long n, long largest) {
        for (Range r : ranges) {
            if (r.contains(n, largest)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The set as ascending, disjoint, non-adjacent ranges with {@code first <= last}, {@code *} standing for
     * {@code largest}.
     */
    public List<Range> normalized(long largest) {
        List<Range> sorted = new ArrayList<>(ranges.size());
        for (Range r : ranges) {
            long a = r.first == STAR ? largest : r.first;
            long b = r.last == STAR ? largest : r.last;
            sorted.add(new Range(Math.min(a, b), Math.max(a, b)));
        }
        sorted.sort((x, y) -> Long.compare(x.first, y.first));
        List<Range> merged = new ArrayList<>(sorted.size());
        for (Range r : sorted) {
            Range last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (last != null && r.first - 1 <= last.last) { // not last.last + 1: * may stand for Long.MAX_VALUE
                merged.set(merged.size() - 1, new Range(last.first, Math.max(last.last, r.last)));
            } else {
                merged.add(r);
            }
        }
        return merged;
    }

    /** The largest explicit number in the set (0 when only {@code *} is used). */
    public long largestExplicit() {
        long max = 0;
        for (Range r : ranges) {
            max = Math.max(max, Math.max(r.first, r.last));
        }
        return max;
    }

    public static SequenceSet parse(String text) {
        if (text.isEmpty()) {
            throw ProtocolException.bad("Empty sequence set");
        }
        List<Range> ranges = new ArrayList<>();
        for (String part : text.split(",", -1)) {
            int colon = part.indexOf(':');
            if (colon < 0) {
                long n = number(part);
                ranges.add(new Range(n, n));
            } else {
                ranges.add(new Range(number(part.substring(0, colon)), number(part.substring(colon + 1))));
            }
        }
        return new SequenceSet(ranges);
    }

    private static long number(String s) {
        if (s.equals("*")) {
            return STAR;
        }
        if (s.isEmpty() || s.length() > 10 || s.charAt(0) == '0') {
            throw ProtocolException.bad("Invalid sequence set");
        }
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                throw ProtocolException.bad("Invalid sequence set");
            }
            n = n * 10 + (c - '0');
        }
        if (n > MAX_NUMBER) {
            throw ProtocolException.bad("Invalid sequence set");
        }
        return n;
    }
}
