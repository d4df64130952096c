package io.t4t.coordination;

import io.t4t.core.coordinate.Coordinator;
import io.t4t.events.DeadLetter;
import io.t4t.events.Envelope;
import io.t4t.events.EventJson;
import io.t4t.events.ModelStarted;
import io.t4t.events.Topic;
import java.nio.charset.StandardCharsets;
import java.util.logging.Logger;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * The first step for every record the planner reads: a valid event of its topic, for this project,
 * goes on to the coordinator (stamped with where it came from); anything else goes to the
 * dead-letter topic with its reason and origin, in the same transaction, and the partition moves
 * on.
 */
final class Decode implements Processor<String, byte[], String, Routed> {
  private static final Logger LOG = Logger.getLogger("DeadLetters");

  private final Coordinator coordinator;
  private final String prefix;
  private final String service;
  private final String coordination;
  private ProcessorContext<String, Routed> context;

  /**
   * @param coordination the name the valid records are routed under (to the coordinator)
   */
  Decode(Coordinator coordinator, String prefix, String service, String coordination) {
    this.coordinator = coordinator;
    this.prefix = prefix;
    this.service = service;
    this.coordination = coordination;
  }

  @Override
  public void init(ProcessorContext<String, Routed> context) {
    this.context = context;
  }

  @Override
  public void process(Record<String, byte[]> record) {
    RecordMetadata origin = context.recordMetadata().orElseThrow();
    if (record.value() == null) {
      return; // a tombstone on model-state: a model's state was reset
    }
    try {
      Topic topic =
          Topic.named(prefix, origin.topic())
              .orElseThrow(() -> new IllegalStateException("not a t4t topic: " + origin.topic()));
      Envelope event = EventJson.read(record.value(), topic);
      coordinator.check(event);
      if (event.payload() instanceof ModelStarted) {
        return; // valid, and nothing the coordinator decides on
      }
    } catch (RuntimeException e) {
      context.forward(deadLetter(record, e, origin, service, prefix));
      return;
    }
    Record<String, Routed> ok = record.withValue(new Routed(coordination, record.value()));
    Headers.put(ok.headers(), Headers.ORIGIN_TOPIC, origin.topic());
    Headers.put(ok.headers(), Headers.ORIGIN_PARTITION, Integer.toString(origin.partition()));
    Headers.put(ok.headers(), Headers.ORIGIN_OFFSET, Long.toString(origin.offset()));
    context.forward(ok);
  }

  /** The record as a dead letter: its key and value unchanged, why and where from in headers. */
  static Record<String, Routed> deadLetter(
      Record<String, byte[]> record,
      Throwable failure,
      RecordMetadata origin,
      String service,
      String prefix) {
    DeadLetter letter =
        DeadLetter.of(failure, origin.topic(), origin.partition(), origin.offset(), service);
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
    Record<String, Routed> dead =
        record.withValue(new Routed(Topic.DEAD_LETTERS.name(prefix), record.value()));
    letter.headers().forEach((k, v) -> dead.headers().add(k, v.getBytes(StandardCharsets.UTF_8)));
    return dead;
  }
}
