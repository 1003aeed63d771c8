package dev.mailplatform.mailbox.search;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailplatform.contracts.api.SearchResult.ThreadNode;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ThreaderTest {
    private static Threader.Message msg(long uid, String id, String inReplyTo, String refs, int minute,
            String subject) {
        return new Threader.Message(uid, id, inReplyTo, refs, Instant.parse("2026-01-01T00:00:00Z")
                .plusSeconds(60L * minute), subject);
    }

    @Test
    void referencesBuildsTreesAndOrdersByDate() {
        List<ThreadNode> threads = Threader.references(List.of(
                msg(1, "<a@x>", null, null, 0, "topic"),
                msg(2, "<b@x>", "<a@x>", "<a@x>", 5, "topic"),
                msg(3, "<c@x>", null, null, 1, "other"),
                msg(4, "<d@x>", "<b@x>", "<a@x> <b@x>", 6, "topic"),
                msg(5, "<e@x>", "<a@x>", null, 7, "topic")));
        assertThat(threads).containsExactly(
                new ThreadNode(1, List.of(new ThreadNode(2, List.of(new ThreadNode(4, List.of()))),
                        new ThreadNode(5, List.of()))),
                new ThreadNode(3, List.of()));
    }

    @Test
    void missingParentWithSeveralRepliesIsReplacedByTheEarliestReply() {
        List<ThreadNode> threads = Threader.references(List.of(
                msg(7, "<r1@x>", "<gone@x>", "<gone@x>", 2, "s"),
                msg(8, "<r2@x>", "<gone@x>", "<gone@x>", 1, "s")));
        assertThat(threads).containsExactly(new ThreadNode(8, List.of(new ThreadNode(7, List.of()))));
    }

    @Test
    void loopsAndDuplicateIdsDoNotBreakThreading() {
        List<ThreadNode> threads = Threader.references(List.of(
                msg(1, "<a@x>", null, "<b@x>", 0, "s"),
                msg(2, "<b@x>", null, "<a@x>", 1, "s"),
                msg(3, "<a@x>", null, null, 2, "s")));
        assertThat(threads.stream().mapToLong(t -> count(t)).sum()).isEqualTo(3);
    }

    private static long count(ThreadNode node) {
        return 1 + node.children().stream().mapToLong(ThreadNodeCounter::count).sum();
    }

    private static final class ThreadNodeCounter {
        static long count(ThreadNode n) {
            return 1 + n.children().stream().mapToLong(ThreadNodeCounter::count).sum();
        }
    }

    @Test
    void orderedSubjectGroupsByBaseSubject() {
        List<ThreadNode> threads = Threader.orderedSubject(List.of(
                msg(1, null, null, null, 3, "b"),
                msg(2, null, null, null, 1, "a"),
                msg(3, null, null, null, 2, "b"),
                msg(4, null, null, null, 4, "a")));
        assertThat(threads).containsExactly(
                new ThreadNode(2, List.of(new ThreadNode(4, List.of()))),
                new ThreadNode(3, List.of(new ThreadNode(1, List.of()))));
    }
}
