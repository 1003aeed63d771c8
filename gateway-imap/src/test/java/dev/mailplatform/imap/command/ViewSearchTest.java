package dev.mailplatform.imap.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailplatform.contracts.api.MessageDto;
import dev.mailplatform.contracts.api.SearchKey;
import dev.mailplatform.imap.protocol.command.SearchParser;
import dev.mailplatform.imap.session.SelectedMailbox;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Searches answered from the view: which programs qualify, and that they match as the service's SQL does. */
class ViewSearchTest {
    private static MessageDto message(long uid, long size, String... flags) {
        return new MessageDto(uid, uid, size, Instant.EPOCH, List.of(flags), "messages/" + uid);
    }

    private static final SelectedMailbox VIEW = new SelectedMailbox("INBOX", false, 1, List.of(
            message(1, 100, "\\Seen"),
            message(3, 2000, "\\Flagged", "$Work"),
            message(4, 50),
            message(8, 900, "\\Seen", "\\Deleted")), 100, 8, 0);

    /** Whether every key of the program can be evaluated on the view alone. */
    private static boolean answerable(SearchKey key) {
        return ViewSearch.compile(key, 0) != null;
    }

    private static List<Long> matching(SearchKey key, SelectedMailbox view) {
        return ViewSearch.matching(ViewSearch.compile(key, view.largestUid()), view);
    }

    private static SearchKey key(String key, String value) {
        return new SearchKey(key, null, value, null, null, null);
    }

    private static SearchKey number(String key, long n) {
        return new SearchKey(key, null, null, n, null, null);
    }

    private static SearchKey of(String key, SearchKey... children) {
        return new SearchKey(key, null, null, null, null, List.of(children));
    }

    @Test
    void flagsUidsSizesAndTheirCombinationsMatchLocally() {
        assertThat(matching(key("FLAG", "\\seen"), VIEW)).containsExactly(1L, 8L);
        assertThat(matching(key("NOFLAG", "\\Seen"), VIEW)).containsExactly(3L, 4L);
        assertThat(matching(key("FLAG", "$work"), VIEW)).containsExactly(3L);
        assertThat(matching(key("FLAG", "\\Recent"), VIEW)).isEmpty();
        assertThat(matching(key("UID", "2:4,8"), VIEW)).containsExactly(3L, 4L, 8L);
        assertThat(matching(key("UID", "5:*"), VIEW)).containsExactly(8L);
        assertThat(matching(key("UID", "20:*"), VIEW)).containsExactly(8L); // * is the largest UID
        assertThat(matching(number("LARGER", 100), VIEW)).containsExactly(3L, 8L);
        assertThat(matching(number("SMALLER", 100), VIEW)).containsExactly(4L);
        assertThat(matching(of("OR", key("FLAG", "\\Flagged"), key("FLAG", "\\Deleted")), VIEW))
                .containsExactly(3L, 8L);
        assertThat(matching(of("AND", key("FLAG", "\\Seen"), of("NOT", key("FLAG", "\\Deleted"))), VIEW))
                .containsExactly(1L);
        assertThat(matching(SearchKey.all(), VIEW)).containsExactly(1L, 3L, 4L, 8L);
        assertThat(matching(of("NOT", SearchKey.all()), VIEW)).isEmpty();
    }

    @Test
    void onlyProgramsOverWhatTheViewHoldsQualify() {
        assertThat(answerable(of("AND", key("FLAG", "\\Seen"), key("UID", "1:*")))).isTrue();
        assertThat(answerable(of("OR", key("FLAG", "\\Seen"), key("SUBJECT", "x")))).isFalse();
        assertThat(answerable(key("BODY", "x"))).isFalse();
        assertThat(answerable(number("MODSEQ", 3))).isFalse();
        assertThat(answerable(new SearchKey("SINCE", null, null, null, LocalDate.EPOCH, null))).isFalse();
        assertThat(answerable(key("UID", "1:x"))).isFalse(); // the service words the error
        assertThat(answerable(new SearchKey("LARGER", null, null, null, null, null))).isFalse();
        assertThat(answerable(key(SearchParser.RECENT, null))).isFalse(); // resolved to UIDs first
    }
}
