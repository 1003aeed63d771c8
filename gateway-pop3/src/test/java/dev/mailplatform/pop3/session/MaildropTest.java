/* Mail platform. Licensed under the Apache License 2.0. */
package dev.mailplatform.pop3.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mailplatform.contracts.api.MessageDto;
import dev.mailplatform.pop3.protocol.Pop3ProtocolException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class MaildropTest {
    private final Maildrop maildrop = new Maildrop(777, List.of(message(10, 100), message(12, 200), message(40, 50)));

    @Test
    void numbersMessagesFromOneInUidOrder() {
        assertThat(maildrop.visible()).extracting(Maildrop.Entry::number).containsExactly(1, 2, 3);
        assertThat(maildrop.get(2).uid()).isEqualTo(12);
        assertThat(maildrop.uniqueId(maildrop.get(3))).isEqualTo("777.40");
        assertThat(maildrop.visibleOctets()).isEqualTo(350);
    }

    @Test
    void deletionMarksHideMessagesAndRsetRestoresThem() {
        maildrop.markDeleted(2);
        assertThat(maildrop.visibleCount()).isEqualTo(2);
        assertThat(maildrop.visibleOctets()).isEqualTo(150);
        assertThat(maildrop.deletedUids()).containsExactly(12L);
        assertThatThrownBy(() -> maildrop.get(2)).isInstanceOf(Pop3ProtocolException.class)
                .hasMessage("-ERR message 2 already deleted");
        assertThatThrownBy(() -> maildrop.markDeleted(2)).isInstanceOf(Pop3ProtocolException.class);
        // numbers of the other messages do not shift (RFC 1939 §4)
        assertThat(maildrop.get(3).uid()).isEqualTo(40);
        assertThat(maildrop.unmarkAll()).isEqualTo(1);
        assertThat(maildrop.deletedUids()).isEmpty();
        assertThat(maildrop.visibleCount()).isEqualTo(3);
    }

    @Test
    void unknownNumbersAreRefused() {
        assertThatThrownBy(() -> maildrop.get(4)).hasMessage("-ERR no such message, only 3 messages in maildrop");
        assertThatThrownBy(() -> maildrop.get(0)).isInstanceOf(Pop3ProtocolException.class);
    }

    @Test
    void deletedUidSetUsesRanges() {
        Maildrop many = new Maildrop(1, List.of(message(3, 1), message(4, 1), message(5, 1), message(9, 1),
                message(11, 1), message(12, 1)));
        assertThat(many.deletedUidSet()).isEmpty();
        for (int n : new int[] {1, 2, 3, 4, 5, 6}) {
            many.markDeleted(n);
        }
        assertThat(many.deletedUidSet()).isEqualTo("3:5,9,11:12");
        many.unmarkAll();
        many.markDeleted(4);
        assertThat(many.deletedUidSet()).isEqualTo("9");
    }

    private static MessageDto message(long uid, long size) {
        return new MessageDto(uid, 1, size, Instant.EPOCH, List.of(), "messages/k" + uid);
    }
}
