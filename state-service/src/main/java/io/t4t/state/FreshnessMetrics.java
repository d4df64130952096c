package io.t4t.state;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.t4t.events.ModelState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Freshness per model, in Prometheus format: {@code t4t_watermark_age_seconds} (now minus the
 * model's last processed value, where that is a date or timestamp; read as UTC when it carries no
 * offset; NaN for other watermarks) and {@code t4t_last_run_age_seconds} (now minus the last
 * applied run). Both are computed when scraped, from the state this service keeps; they start from
 * the stored state at startup.
 */
@ApplicationScoped
public class FreshnessMetrics {
  private static final DateTimeFormatter LOCAL_TIMESTAMP =
      new DateTimeFormatterBuilder()
          .append(DateTimeFormatter.ISO_LOCAL_DATE)
          .optionalStart()
          .appendLiteral('T')
          .optionalEnd()
          .optionalStart()
          .appendLiteral(' ')
          .optionalEnd()
          .append(DateTimeFormatter.ISO_LOCAL_TIME)
          .toFormatter();

  @Inject MeterRegistry registry;

  private final Clock clock = Clock.systemUTC();
  private final Map<String, Freshness> models = new ConcurrentHashMap<>();

  void start(@Observes StartupEvent ignored) {
    io.quarkus.narayana.jta.QuarkusTransaction.requiringNew()
        .run(
            () ->
                ModelStateRecord.<ModelStateRecord>streamAll()
                    .forEach(s -> update(StateService.toEvent(s))));
  }

  /** Takes a model's new state. */
  public void update(ModelState s) {
    Freshness f =
        models.computeIfAbsent(
            s.model(),
            m -> {
              Freshness n = new Freshness();
              Gauge.builder("t4t.watermark.age", n, x -> x.age(x.watermark))
                  .description("Now minus the model's last processed value (date or timestamp)")
                  .baseUnit("seconds")
                  .tag("model", m)
                  .register(registry);
              Gauge.builder("t4t.last.run.age", n, x -> x.age(x.lastRun))
                  .description("Now minus the model's last applied run")
                  .baseUnit("seconds")
                  .tag("model", m)
                  .register(registry);
              return n;
            });
    synchronized (f) {
      // the startup snapshot and the consumer may race: never move a model's freshness back
      if (s.ledgerSeq() < f.ledgerSeq) {
        return;
      }
      f.ledgerSeq = s.ledgerSeq();
      f.watermark = watermarkInstant(s.lastProcessedValue());
      f.lastRun =
          s.lastExecutionTimestamp() == null
              ? null
              : s.lastExecutionTimestamp().toInstant(ZoneOffset.UTC);
    }
  }

  /** A date or timestamp watermark as an instant (UTC when it has no offset); else null. */
  static Instant watermarkInstant(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    String v = value.trim();
    try {
      return OffsetDateTime.parse(v.replace(' ', 'T')).toInstant();
    } catch (DateTimeParseException notOffset) {
      // try the local forms
    }
    try {
      return LocalDateTime.parse(v, LOCAL_TIMESTAMP).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException notTimestamp) {
      // try a date
    }
    try {
      return LocalDate.parse(v).atStartOfDay().toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException notDate) {
      return null; // a numeric or text watermark has no age
    }
  }

  private final class Freshness {
    long ledgerSeq = Long.MIN_VALUE;
    volatile Instant watermark;
    volatile Instant lastRun;

    double age(Instant t) {
      if (t == null) {
        return Double.NaN;
      }
      return (clock.millis() - t.toEpochMilli()) / 1000.0;
    }
  }
}
