package dev.mailplatform.imap.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailplatform.contracts.api.MessageDto;
import dev.mailplatform.contracts.events.MailboxChanged;
import dev.mailplatform.contracts.events.MailboxChanged.Kind;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Which change events a view already shows: the echoes a session need not look again for. */
class SelectedMailboxTest {
    private static MessageDto message(long uid, long modseq) {
        return new MessageDto(uid, modseq, 100, Instant.EPOCH, List.of(), "messages/" + uid);
    }

    private static MailboxChanged event(Kind kind, long uid, long modseq) {
        return new MailboxChanged(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), "INBOX", kind, uid, modseq,
                Instant.now());
    }

    private static final SelectedMailbox VIEW = new SelectedMailbox("INBOX", false, 7,
            List.of(message(2, 10), message(5, 12), message(9, 15)), 10, 15, 0);

    @Test
    void anAddedMessageIsShownOnceItsUidWasSeen() {
        assertThat(VIEW.reflects(event(Kind.MESSAGE_ADDED, 9, 15))).isTrue();
        assertThat(VIEW.reflects(event(Kind.MESSAGE_ADDED, 3, 11))).isTrue(); // below the view's UIDs: expunged since
        assertThat(VIEW.reflects(event(Kind.MESSAGE_ADDED, 10, 16))).isFalse();
    }

    @Test
    void aFlagChangeIsShownWhenTheViewHoldsThatModseqOrLater() {
        assertThat(VIEW.reflects(event(Kind.FLAGS_CHANGED, 5, 12))).isTrue();
        assertThat(VIEW.reflects(event(Kind.FLAGS_CHANGED, 5, 11))).isTrue();
        assertThat(VIEW.reflects(event(Kind.FLAGS_CHANGED, 5, 13))).isFalse();
        assertThat(VIEW.reflects(event(Kind.FLAGS_CHANGED, 4, 13))).isTrue(); // not in the view: already expunged
        assertThat(VIEW.reflects(event(Kind.FLAGS_CHANGED, 12, 17))).isFalse(); // a message the view never saw
    }

    @Test
    void anExpungeIsShownOnlyOnceTheMessageLeftTheView() {
        assertThat(VIEW.reflects(event(Kind.MESSAGE_EXPUNGED, 5, 16))).isFalse();
        assertThat(VIEW.reflects(event(Kind.MESSAGE_EXPUNGED, 4, 16))).isTrue();
    }

    @Test
    void theLargestUidSeenSurvivesExpungingTheLastMessages() {
        SelectedMailbox afterExpunge = VIEW.withMessages(List.of(message(2, 10)));
        assertThat(afterExpunge.largestUid()).isEqualTo(2);
        assertThat(afterExpunge.uidsSeenUpTo()).isEqualTo(9);
        assertThat(afterExpunge.reflects(event(Kind.MESSAGE_ADDED, 9, 15))).isTrue(); // a late echo of our APPEND
        assertThat(afterExpunge.reflects(event(Kind.MESSAGE_EXPUNGED, 9, 17))).isTrue();
        assertThat(afterExpunge.reflects(event(Kind.MESSAGE_ADDED, 11, 18))).isFalse();
    }

    @Test
    void mailboxLevelEventsAlwaysNeedALook() {
        for (Kind kind : List.of(Kind.MAILBOX_CREATED, Kind.MAILBOX_RENAMED, Kind.MAILBOX_DELETED)) {
            assertThat(VIEW.reflects(event(kind, 0, 20))).as(kind.name()).isFalse();
        }
    }
}
