package io.t4t.state;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.LocalDateTime;
import java.util.UUID;

/** One model event, by event id: the run history, and the record of events already applied. */
@Entity
@Table(name = "run_history")
public class RunHistoryRecord extends PanacheEntityBase {
  @Id
  @Column(name = "event_id")
  public UUID eventId;

  @Column(name = "run_id")
  public String runId;

  @Column(name = "model_name")
  public String modelName;

  @Column(name = "event_type")
  public String eventType;

  @Column(name = "rows_written")
  public Long rowsWritten;

  @Column(name = "error_code")
  public String errorCode;

  public String message;

  @Column(name = "duration_millis")
  public Long durationMillis;

  @Column(name = "happened_at")
  public LocalDateTime happenedAt;

  /** full, incremental, backfill or view; null for older records and other events. */
  @Column(name = "run_kind")
  public String runKind;

  @Column(name = "rows_inserted")
  public Long rowsInserted;

  @Column(name = "rows_updated")
  public Long rowsUpdated;

  @Column(name = "rows_deleted")
  public Long rowsDeleted;

  /** The test outcomes as a JSON array ({@link TestOutcomesJson}); null when none were recorded. */
  public String tests;
}
