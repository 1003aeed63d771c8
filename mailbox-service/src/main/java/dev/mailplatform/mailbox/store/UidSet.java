package dev.mailplatform.mailbox.store;

import dev.mailplatform.mailbox.api.ApiException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * An IMAP sequence set of UIDs (RFC 9051 §9 {@code sequence-set}: "1:5,7,9:*"). {@code *} stands for the largest UID
 * in use, so {@code 10:*} on a mailbox whose highest UID is 4 means 4:10 (RFC 9051 §6.4.8); ranges may be written
 * backwards. Resolved against the mailbox into sorted, disjoint ranges for SQL.
 */
public final class UidSet {
    /** RFC 9051 §2.3.1.1: UIDs are 32-bit unsigned. */
    public static final long MAX_UID = 4_294_967_295L;
    /** Bound on the ranges of one set: protects the planner from a megabyte of "1,3,5,...". */
    public static final int MAX_RANGES = 10_000;

    /** One element: a number or a range, where {@code STAR} (0) stands for "*". */
    private record Element(long from, long to) {
    }

    private static final long STAR = 0;

    /** A resolved, inclusive range. */
    public record Range(long from, long to) {
    }

    private final List<Element> elements;

    private UidSet(List<Element> elements) {
        this.elements = elements;
    }

    /** Every possible UID, without "*": needs no look-up of the mailbox's highest UID. */
    public static final UidSet EVERY_UID = new UidSet(List.of(new Element(1, MAX_UID)));

    public static UidSet all() {
        return new UidSet(List.of(new Element(1, STAR)));
    }

    /** Parses the set; 400 with the reason when it is not RFC 9051 syntax. */
    public static UidSet parse(String text) {
        if (text == null || text.isBlank()) {
            throw ApiException.badRequest("UID set must not be empty");
        }
        String[] parts = text.strip().split(",", -1);
        if (parts.length > MAX_RANGES) {
            throw ApiException.badRequest("UID set has more than " + MAX_RANGES + " elements");
        }
        List<Element> elements = new ArrayList<>(parts.length);
        for (String part : parts) {
            int colon = part.indexOf(':');
            if (colon < 0) {
                long n = number(part, text);
                elements.add(new Element(n, n));
            } else {
                elements.add(new Element(number(part.substring(0, colon), text), number(part.substring(colon + 1),
                        text)));
            }
        }
        return new UidSet(elements);
    }

    private static long number(String token, String whole) {
        if (token.equals("*")) {
            return STAR;
        }
        if (token.isEmpty() || token.length() > 10 || token.charAt(0) == '0') {
            throw ApiException.badRequest("not a UID set: " + whole);
        }
        long value = 0;
        for (int i = 0; i < token.length(); i++) {
            char ch = token.charAt(i);
            if (ch < '0' || ch > '9') {
                throw ApiException.badRequest("not a UID set: " + whole);
            }
            value = value * 10 + (ch - '0');
        }
        if (value > MAX_UID) {
            throw ApiException.badRequest("UID out of range in " + whole);
        }
        return value;
    }

    /**
     * Sorted, merged ranges with {@code *} replaced by {@code maxUid} (the highest UID in the mailbox, 0 when it is
     * empty: then "*" matches nothing, and "n:*" means n:n).
     */
    public List<Range> resolve(long maxUid) {
        List<Range> ranges = new ArrayList<>(elements.size());
        for (Element e : elements) {
            long from = e.from() == STAR ? maxUid : e.from();
            long to = e.to() == STAR ? maxUid : e.to();
            if (from == 0 && to == 0) {
                continue; // "*" of an empty mailbox
            }
            if (from == 0) {
                from = to;
            }
            if (to == 0) {
                to = from;
            }
            ranges.add(new Range(Math.min(from, to), Math.max(from, to)));
        }
        ranges.sort(Comparator.comparingLong(Range::from));
        List<Range> merged = new ArrayList<>(ranges.size());
        for (Range r : ranges) {
            if (!merged.isEmpty() && r.from() <= merged.get(merged.size() - 1).to() + 1) {
                Range last = merged.remove(merged.size() - 1);
                merged.add(new Range(last.from(), Math.max(last.to(), r.to())));
            } else {
                merged.add(r);
            }
        }
        return merged;
    }

    /** Whether the set mentions "*" (then the caller must know the mailbox's highest UID). */
    public boolean usesStar() {
        return elements.stream().anyMatch(e -> e.from() == STAR || e.to() == STAR);
    }

    public static boolean contains(List<Range> ranges, long uid) {
        for (Range r : ranges) {
            if (uid >= r.from() && uid <= r.to()) {
                return true;
            }
        }
        return false;
    }

    /** Lower bounds of the ranges, the first column of their rows in SQL ({@code r(lo, hi)}). */
    public static Long[] froms(List<Range> ranges) {
        return ranges.stream().map(Range::from).toArray(Long[]::new);
    }

    public static Long[] tos(List<Range> ranges) {
        return ranges.stream().map(Range::to).toArray(Long[]::new);
    }
}
