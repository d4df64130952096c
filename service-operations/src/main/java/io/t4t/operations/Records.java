package io.t4t.operations;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.t4t.events.DeadLetter;
import io.t4t.events.Failures;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.logging.Logger;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;

/**
 * How every service consumes a record, so that no record can stop a channel, a consumer group or a
 * health check:
 *
 * <ul>
 *   <li>the record is handed to the service's handler; when it returns, the record is acknowledged
 *       (its offset may be committed);
 *   <li>a transient failure (database or broker away, see {@link Failures}) is retried in place
 *       with back-off, for as long as it lasts: the record is neither lost nor dead-lettered;
 *   <li>any other failure (not an event, an unknown type, a missing field, an unknown model, or an
 *       error processing it) sends the record, unchanged, to the dead-letter topic with its reason,
 *       origin and this service's name ({@link DeadLetter}), through the messaging connector's own
 *       dead-letter queue ({@code failure-strategy=dead-letter-queue} on the channel), counts it in
 *       {@code t4t_dead_letters_total{topic,reason}}, and the partition moves on.
 * </ul>
 */
@ApplicationScoped
public class Records {
  private static final Logger LOG = Logger.getLogger("DeadLetters");
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

  @Inject MeterRegistry registry;

  @ConfigProperty(name = "quarkus.application.name")
  String service;

  private volatile boolean stopping;

  /** Before the executor's drain waits for the records in hand: a retry loop must let go first. */
  void onStop(@Observes @jakarta.annotation.Priority(1) ShutdownEvent event) {
    stopping = true;
  }

  /** Whether the service is shutting down (retry loops give the record up, unacknowledged). */
  public boolean stopping() {
    return stopping;
  }

  /**
   * Handles one record and acknowledges it, retrying transient failures and dead-lettering the
   * rest.
   *
   * @return when the record is acknowledged (or dead-lettered, which acknowledges it); never, when
   *     the service stops while a transient failure lasts (the record is then redelivered)
   */
  public CompletionStage<Void> process(Message<byte[]> message, Consumer<byte[]> handler) {
    long backoff = 50;
    while (true) {
      try {
        handler.accept(message.getPayload());
        return message.ack();
      } catch (RuntimeException e) {
        if (!Failures.isTransient(e)) {
          return deadLetter(message, e);
        }
        if (stopping) {
          return new CompletableFuture<>(); // never acknowledged: redelivered after the restart
        }
        LOG.warning("Transient failure, retrying in " + backoff + " ms: " + e);
        sleep(backoff);
        backoff = Math.min(backoff * 2, MAX_BACKOFF.toMillis());
      }
    }
  }

  /**
   * Publishes a record and waits for the broker's acknowledgement, retrying while the broker is
   * away (an outcome that is not published would leave its run waiting). Gives up only when the
   * service stops: the record being handled is then not acknowledged and is redelivered.
   */
  public void publish(
      org.eclipse.microprofile.reactive.messaging.Emitter<
              io.smallrye.reactive.messaging.kafka.Record<String, byte[]>>
          emitter,
      io.smallrye.reactive.messaging.kafka.Record<String, byte[]> record) {
    long backoff = 50;
    while (true) {
      try {
        emitter.send(record).toCompletableFuture().join();
        return;
      } catch (RuntimeException e) {
        if (stopping || !Failures.isTransient(e)) {
          throw e;
        }
        LOG.warning("Cannot publish to Kafka, retrying in " + backoff + " ms: " + e);
        sleep(backoff);
        backoff = Math.min(backoff * 2, MAX_BACKOFF.toMillis());
      }
    }
  }

  /** Sends the record to the dead-letter topic with its reason and origin, and counts it. */
  public CompletionStage<Void> deadLetter(Message<byte[]> message, Throwable failure) {
    IncomingKafkaRecordMetadata<?, ?> origin =
        message.getMetadata(IncomingKafkaRecordMetadata.class).orElseThrow();
    DeadLetter letter =
        DeadLetter.of(
            failure, origin.getTopic(), origin.getPartition(), origin.getOffset(), service);
    Counter.builder("t4t_dead_letters")
        .description("Records sent to the dead-letter topic, by the topic they came from and why")
        .tag("topic", letter.topic())
        .tag("reason", letter.code().wireName())
        .register(registry)
        .increment();
    LOG.warning(
        "Dead-lettered the record at "
            + letter.topic()
            + "/"
            + letter.partition()
            + "@"
            + letter.offset()
            + " ["
            + letter.code().wireName()
            + "]: "
            + letter.reason());
    RecordHeaders headers = new RecordHeaders();
    letter.t4tHeaders().forEach((k, v) -> headers.add(k, v.getBytes(StandardCharsets.UTF_8)));
    return message.nack(
        new DeadLetterException(letter.reason(), failure),
        Metadata.of(OutgoingKafkaRecordMetadata.builder().withHeaders(headers).build()));
  }

  /** The failure as the connector's dead-letter queue records it: the reason as its message. */
  static final class DeadLetterException extends RuntimeException {
    DeadLetterException(String reason, Throwable cause) {
      super(reason, cause);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting to retry", e);
    }
  }
}
