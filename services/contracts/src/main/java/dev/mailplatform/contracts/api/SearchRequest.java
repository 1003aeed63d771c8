package dev.mailplatform.contracts.api;

import java.util.List;

/**
 * SEARCH, SORT (RFC 5256) or THREAD.
 *
 * @param sort   sort criteria ("ARRIVAL", "CC", "DATE", "FROM", "SIZE", "SUBJECT", "TO", each optionally prefixed
 *               by "REVERSE "); empty for plain SEARCH (ascending UID)
 * @param thread "REFERENCES" or "ORDEREDSUBJECT" for THREAD, else null
 */
public record SearchRequest(SearchKey criteria, List<String> sort, String thread) {
}
