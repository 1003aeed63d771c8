package dev.mailplatform.mailbox.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mailplatform.mailbox.api.ApiException;
import dev.mailplatform.mailbox.store.UidSet.Range;
import java.util.List;
import org.junit.jupiter.api.Test;

class UidSetTest {

    @Test
    void parsesAndMergesRanges() {
        assertThat(UidSet.parse("1:5,7,9:*").resolve(12))
                .containsExactly(new Range(1, 5), new Range(7, 7), new Range(9, 12));
        assertThat(UidSet.parse("5:3,4,6").resolve(0)).containsExactly(new Range(3, 6));
        assertThat(UidSet.parse("1:*").resolve(0)).containsExactly(new Range(1, 1));
    }

    @Test
    void starIsTheHighestUidEvenBelowTheLowerBound() {
        // RFC 9051 §6.4.8: "UID 10:*" on a mailbox whose highest UID is 4 includes UID 4
        assertThat(UidSet.parse("10:*").resolve(4)).containsExactly(new Range(4, 10));
        assertThat(UidSet.parse("*").resolve(0)).isEmpty();
        assertThat(UidSet.parse("*").resolve(7)).containsExactly(new Range(7, 7));
    }

    @Test
    void rejectsWhatIsNotASequenceSet() {
        for (String bad : List.of("", " ", "0", "1:", ":2", "1,,2", "a", "1:2:3", "-1", "4294967296", "01")) {
            assertThatThrownBy(() -> UidSet.parse(bad)).as(bad).isInstanceOf(ApiException.class);
        }
    }

    @Test
    void containsChecksRanges() {
        List<Range> ranges = UidSet.parse("2:3,8").resolve(10);
        assertThat(UidSet.contains(ranges, 3)).isTrue();
        assertThat(UidSet.contains(ranges, 4)).isFalse();
        assertThat(UidSet.contains(ranges, 8)).isTrue();
    }
}
