package dev.mailplatform.contracts.api;

import java.util.List;

/**
 * @param updated   messages whose flags changed, with their new MODSEQ
 * @param modified  UIDs not updated because their MODSEQ was above UNCHANGEDSINCE ([MODIFIED] response code)
 */
public record StoreFlagsResult(List<FlagUpdate> updated, List<Long> modified, long highestModseq) {
    public record FlagUpdate(long uid, long modseq, List<String> flags) {
    }
}
