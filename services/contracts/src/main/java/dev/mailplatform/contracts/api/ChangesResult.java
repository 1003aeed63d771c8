package dev.mailplatform.contracts.api;

import java.util.List;

/**
 * Everything that changed after a MODSEQ (CONDSTORE FETCH CHANGEDSINCE, QRESYNC VANISHED).
 *
 * @param expunged       UIDs expunged after the MODSEQ whose tombstones are still kept
 * @param expungesPruned the tombstones of some expunges after the MODSEQ were pruned (history retention): every UID
 *                       the mailbox no longer has may have vanished since, not only those in {@code expunged}
 */
public record ChangesResult(List<MessageDto> changed, List<Long> expunged, long highestModseq,
        boolean expungesPruned) {
}
