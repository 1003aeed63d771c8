package dev.mailplatform.contracts.api;

import java.util.List;

/** Everything that changed after a MODSEQ (CONDSTORE FETCH CHANGEDSINCE, QRESYNC VANISHED). */
public record ChangesResult(List<MessageDto> changed, List<Long> expunged, long highestModseq) {
}
