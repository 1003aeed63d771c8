package dev.mailplatform.imap.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailplatform.contracts.api.ChangesResult;
import dev.mailplatform.contracts.api.MessageDto;
import dev.mailplatform.imap.protocol.command.SequenceSet;
import dev.mailplatform.imap.session.SelectedMailbox;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** VANISHED (EARLIER) from the service's tombstones, and from the view when the service pruned its history. */
class VanishedTest {
    private static MessageDto message(long uid) {
        return new MessageDto(uid, uid, 10, Instant.EPOCH, List.of(), "messages/" + uid);
    }

    /** UIDs 3, 4, 9 and 10 in the view; every UID up to 12 seen. */
    private static final SelectedMailbox VIEW = new SelectedMailbox("INBOX", false, 1,
            List.of(message(3), message(4), message(9), message(10)), 13, 20, 12);

    private static ChangesResult changes(boolean pruned, Long... tombstones) {
        return new ChangesResult(List.of(), List.of(tombstones), 20, pruned);
    }

    @Test
    void tombstonesAloneWhenTheHistoryIsComplete() {
        assertThat(Vanished.earlier(changes(false, 5L, 6L, 7L, 11L), VIEW, null)).isEqualTo("5:7,11");
        assertThat(Vanished.earlier(changes(false), VIEW, null)).isEmpty();
        // only UIDs the client names, in whatever order and form it wrote them
        assertThat(Vanished.earlier(changes(false, 5L, 6L, 7L, 11L), VIEW, SequenceSet.parse("11,7:6")))
                .isEqualTo("6:7,11");
    }

    @Test
    void everyUidTheViewLacksWhenTheHistoryWasPruned() {
        assertThat(Vanished.earlier(changes(true), VIEW, null)).isEqualTo("1:2,5:8,11:12");
        // a tombstone past what the view has seen (appended and expunged since) is reported too
        assertThat(Vanished.earlier(changes(true, 15L), VIEW, null)).isEqualTo("1:2,5:8,11:12,15");
        assertThat(Vanished.earlier(changes(true), VIEW, SequenceSet.parse("2:6,11:*"))).isEqualTo("2,5:6,11:12");
        assertThat(Vanished.earlier(changes(true), VIEW, SequenceSet.parse("3:4,9"))).isEmpty();
        // overlapping ranges and * (any UID) in the client's set name each UID once
        assertThat(Vanished.earlier(changes(true), VIEW, SequenceSet.parse("5:*,7,6:8,1"))).isEqualTo("1,5:8,11:12");
        SelectedMailbox empty = new SelectedMailbox("INBOX", false, 1, List.of(), 1, 1, 0);
        assertThat(Vanished.earlier(changes(true), empty, null)).isEmpty();
    }
}
