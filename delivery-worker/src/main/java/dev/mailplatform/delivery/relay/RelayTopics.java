package dev.mailplatform.delivery.relay;

import dev.mailplatform.contracts.Topics;

/**
 * The relay's own topics. Attempt 1 reads {@link Topics#OUTBOUND}; attempt n+1 waits in retry stage n, one topic per
 * delay of the schedule, so every record in a stage waits about as long as the one in front of it and a partition
 * is only ever paused until its head is due (never a sleeping consumer, never a blocked partition).
 */
public final class RelayTopics {
    /** Recipients of an outbound message already accepted (250) or bounced; key = outbound id, compacted. */
    public static final String JOURNAL = "mail.outbound.journal";
    private static final String RETRY_PREFIX = "mail.outbound.retry-";

    private RelayTopics() {
    }

    /** Stage 0 is the first attempt. */
    public static String stageTopic(int stage) {
        return stage == 0 ? Topics.OUTBOUND : RETRY_PREFIX + stage;
    }

    /** The stage number of a relay topic, for metric tags. */
    public static int stageOf(String topic) {
        return topic.startsWith(RETRY_PREFIX) ? Integer.parseInt(topic.substring(RETRY_PREFIX.length())) : 0;
    }
}
