package dev.mailplatform.contracts.api;

import java.util.List;

/**
 * @param uids    matching UIDs, ascending, or in the requested sort order
 * @param threads for THREAD: the forest of threads
 */
public record SearchResult(List<Long> uids, List<ThreadNode> threads, long highestModseq) {
    public record ThreadNode(long uid, List<ThreadNode> children) {
    }
}
