package io.t4t.coordination;

import io.t4t.core.coordinate.Coordinator;
import io.t4t.core.coordinate.RunHeader;
import io.t4t.events.Envelope;
import io.t4t.events.EventJson;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * The thin shell around the core's {@link Coordinator}: hands it each event with the state from the
 * stores and the time, writes the changes it decides back, and forwards the events it decides to
 * publish, all in the task's transaction. Timers (arrival windows, retry back-offs, expiry) are a
 * wall-clock punctuator. A record the coordinator cannot take goes to the dead-letter topic.
 */
final class Coordinate implements Processor<String, byte[], String, Routed> {
  private final Coordinator coordinator;
  private final String prefix;
  private final String service;
  private final Duration tick;
  private ProcessorContext<String, Routed> context;
  private StoreView state;
  private long lastTickFailure;
  private final HaltHook halt = HaltHook.fromSystemProperties();
  private static final java.util.logging.Logger LOG =
      java.util.logging.Logger.getLogger("Coordination");

  Coordinate(Coordinator coordinator, String prefix, String service, Duration tick) {
    this.coordinator = coordinator;
    this.prefix = prefix;
    this.service = service;
    this.tick = tick;
  }

  @Override
  public void init(ProcessorContext<String, Routed> context) {
    this.context = context;
    this.state = StoreView.writable(context::getStateStore);
    context.schedule(tick, PunctuationType.WALL_CLOCK_TIME, this::tick);
  }

  @Override
  public void process(Record<String, byte[]> record) {
    Instant now = Instant.now();
    Coordinator.Decision d;
    try {
      Envelope e = EventJson.read(record.value());
      d = coordinator.decide(state, e, Headers.text(record.headers(), Headers.TRACEPARENT), now);
      halt.check(e, d);
    } catch (RuntimeException failure) {
      context.forward(Decode.deadLetter(record, failure, origin(record), service, prefix));
      return;
    }
    d.changes().applyTo(state);
    emit(d.events(), now);
  }

  private void tick(long wallClock) {
    Instant now = Instant.ofEpochMilli(wallClock);
    Coordinator.Decision d;
    try {
      d = coordinator.tick(state, now);
    } catch (RuntimeException e) {
      // a decision changes nothing until applied: the timers stay due, and events still flow;
      // say so once a minute rather than every tick
      if (wallClock - lastTickFailure > 60_000) {
        lastTickFailure = wallClock;
        LOG.severe("Cannot fire the coordinator's timers (they stay due): " + e);
      }
      return;
    }
    halt.checkTick(d);
    if (!d.changes().isEmpty()) {
      d.changes().applyTo(state);
    }
    emit(d.events(), now);
  }

  private void emit(List<Envelope> events, Instant now) {
    for (Envelope e : events) {
      Record<String, Routed> out =
          new Record<>(
              e.key(), new Routed(e.topic().name(prefix), EventJson.write(e)), now.toEpochMilli());
      RunHeader run = state.run(e.runId());
      Headers.put(out.headers(), Headers.TRACEPARENT, run == null ? null : run.trace());
      context.forward(out);
    }
  }

  /** Where the record entered the topology (stamped by {@link Decode}). */
  private RecordMetadata origin(Record<String, byte[]> record) {
    RecordMetadata here = context.recordMetadata().orElseThrow();
    String topic = Headers.text(record.headers(), Headers.ORIGIN_TOPIC);
    if (topic == null) {
      return here;
    }
    int partition = Integer.parseInt(Headers.text(record.headers(), Headers.ORIGIN_PARTITION));
    long offset = Long.parseLong(Headers.text(record.headers(), Headers.ORIGIN_OFFSET));
    return new RecordMetadata() {
      @Override
      public String topic() {
        return topic;
      }

      @Override
      public int partition() {
        return partition;
      }

      @Override
      public long offset() {
        return offset;
      }
    };
  }
}
