package io.t4t.operations;

import static org.assertj.core.api.Assertions.assertThat;

import io.t4t.events.Failures;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** The Kafka client's own exceptions, which the events module knows by name only. */
class KafkaFailuresTest {
  @Test
  void aBrokerThatIsAwayIsTransientAndARecordTooLargeIsNot() {
    assertThat(
            Failures.isTransient(
                new CompletionException(
                    new org.apache.kafka.common.errors.TimeoutException("no broker"))))
        .isTrue();
    assertThat(
            Failures.isTransient(new org.apache.kafka.common.errors.NotLeaderOrFollowerException()))
        .isTrue();
    assertThat(
            Failures.isTransient(
                new org.apache.kafka.common.errors.RecordTooLargeException("too large")))
        .isFalse();
  }
}
