package dev.mailplatform.mailbox;

import static org.awaitility.Awaitility.await;

import dev.mailplatform.contracts.Json;
import dev.mailplatform.testkit.Infrastructure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads a topic from its end, positioned before the action under test so that no event is missed. */
public final class EventWatcher<T> implements AutoCloseable {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private final KafkaConsumer<String, byte[]> consumer;
    private final Class<T> type;
    private final List<T> seen = new ArrayList<>();

    public EventWatcher(String topic, Class<T> type) {
        this.type = type;
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, Infrastructure.shared().kafkaBootstrap());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(List.of(topic));
        await().atMost(WAIT).until(() -> {
            consumer.poll(Duration.ofMillis(100));
            return !consumer.assignment().isEmpty();
        });
        consumer.assignment().forEach(consumer::position);
    }

    /** Waits until {@code count} events matching {@code filter} arrived; returns them in arrival order. */
    public List<T> awaitEvents(Predicate<T> filter, int count) {
        await().atMost(WAIT).until(() -> {
            for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                seen.add(Json.fromBytes(r.value(), type));
            }
            return seen.stream().filter(filter).count() >= count;
        });
        return seen.stream().filter(filter).toList();
    }

    /** Everything matching seen so far after a short extra poll (to assert that nothing more came). */
    public List<T> drain(Predicate<T> filter, Duration extra) {
        long end = System.nanoTime() + extra.toNanos();
        while (System.nanoTime() < end) {
            for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                seen.add(Json.fromBytes(r.value(), type));
            }
        }
        return seen.stream().filter(filter).toList();
    }

    @Override
    public void close() {
        consumer.close();
    }
}
