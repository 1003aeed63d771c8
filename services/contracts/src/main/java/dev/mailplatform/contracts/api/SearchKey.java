package dev.mailplatform.contracts.api;

import java.time.LocalDate;
import java.util.List;

/**
 * One node of a search program, mirroring IMAP SEARCH keys (RFC 9051 6.4.4).
 *
 * @param key      ALL, AND, OR, NOT, UID, FLAG, NOFLAG, BEFORE, ON, SINCE, SENTBEFORE, SENTON, SENTSINCE, LARGER,
 *                 SMALLER, HEADER, FROM, TO, CC, BCC, SUBJECT, BODY, TEXT, MODSEQ, THREAD
 * @param field    header name for HEADER
 * @param value    the flag, the UID set, or the text to find (case-insensitive substring)
 * @param number   size for LARGER/SMALLER, modseq for MODSEQ
 * @param date     for the date keys (compared in the message date's own time zone for SENT*, UTC for the rest)
 * @param children operands of AND (any number), OR (two) and NOT (one)
 */
public record SearchKey(String key, String field, String value, Long number, LocalDate date,
        List<SearchKey> children) {

    public static SearchKey all() {
        return new SearchKey("ALL", null, null, null, null, null);
    }

    public static SearchKey and(List<SearchKey> children) {
        return new SearchKey("AND", null, null, null, null, children);
    }
}
