package io.t4t.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventJsonTest {

  private static final List<Payload> ONE_OF_EACH =
      List.of(
          new RunRequested(
              "t_project",
              List.of("my_schema.m"),
              List.of(),
              Map.of("start_date", "2024-01-01", "n", 3),
              false,
              "api"),
          new DataArrived("t_project.source_table", "landing/2024-01-02.parquet"),
          new ModelRunCommand(
              "my_schema.m", "incremental", 41, Map.of("start_date", "2024-01-01"), false, 1),
          new ModelRunFinalize("my_schema.m", 8, 1),
          new ModelStarted("my_schema.m", "executor-1@host", 1),
          new ModelCompleted(
              "my_schema.m",
              "incremental",
              "merge",
              256,
              "2024-01-29T02:00:00",
              "a".repeat(64),
              "b".repeat(64),
              42,
              120,
              false,
              "incremental",
              200L,
              56L,
              0L),
          new ModelFailed(
              "my_schema.m",
              ErrorCode.DUPLICATE_KEYS,
              false,
              "Cannot merge into my_schema.m: ...",
              80),
          new ModelState(
              "my_schema.m",
              "incremental",
              LocalDateTime.parse("2026-11-22T00:01:32.048358"),
              "a",
              "b",
              "2024-01-29T02:00:00",
              "merge",
              "run-1",
              42),
          new MergeTask("my_schema.m", 3, 8, 1),
          new ModelFannedOut("my_schema.m", 8, 1_000_000),
          new BucketCompleted("my_schema.m", 3, 8, 125_000, 900, false),
          new BucketFailed(
              "my_schema.m", 3, 8, ErrorCode.SQL_ERROR, false, "Cannot apply bucket 3 ..."));

  @Test
  void everyEventSurvivesTheWireUnchanged() {
    assertThat(ONE_OF_EACH).extracting(Payload::type).containsExactlyInAnyOrder(EventType.values());
    for (Payload p : ONE_OF_EACH) {
      Envelope e = Envelope.of("run-1", p);
      assertThat(EventJson.read(EventJson.write(e))).as(p.type().wireName()).isEqualTo(e);
    }
  }

  @Test
  void aBackfillRequestAndItsCommandSurviveTheWire() {
    List<Payload> backfill =
        List.of(
            RunRequested.backfill(
                "t_project",
                new BackfillWindow("my_schema.m", "2024-01-01", "2024-02-01"),
                Map.of("n", 3),
                "api"),
            new ModelRunCommand(
                "my_schema.m", "backfill", 41, Map.of(), false, 1, "2024-01-01", "2024-02-01"));
    for (Payload p : backfill) {
      Envelope e = Envelope.of("run-1", p);
      assertThat(EventJson.read(EventJson.write(e))).as(p.type().wireName()).isEqualTo(e);
    }
    assertThat(EventJson.writeString(Envelope.of("run-1", backfill.get(0))))
        .contains(
            "\"backfill\":{\"model\":\"my_schema.m\",\"start\":\"2024-01-01\",\"end\":\"2024-02-01\"}");
    assertThatThrownBy(
            () -> new ModelRunCommand("my_schema.m", "backfill", 0, null, false, 1, "2024", null))
        .hasMessageContaining("'end' is required");
    assertThatThrownBy(
            () -> new ModelRunCommand("my_schema.m", "full", 0, null, false, 1, "2024", "2025"))
        .hasMessageContaining("belong to a backfill");
  }

  @Test
  void theWireFormatIsSnakeCaseWithAnEnvelope() {
    Envelope e = Envelope.of("run-7", ONE_OF_EACH.get(5));
    String json = EventJson.writeString(e);
    assertThat(json)
        .startsWith(
            "{\"event_id\":\""
                + e.eventId()
                + "\",\"type\":\"model_completed\",\"schema_version\":1,\"run_id\":\"run-7\",\"time\":\"")
        .contains("\"payload\":{\"model\":\"my_schema.m\"")
        .contains("\"last_processed_value\":\"2024-01-29T02:00:00\"")
        .contains("\"ledger_seq\":42");
    assertThat(e.topic()).isEqualTo(Topic.MODEL_EVENTS);
    assertThat(e.key()).isEqualTo("my_schema.m");
  }

  @Test
  void aModelCompletedFromBeforeTheRowCountsParsesWithoutThem() {
    String json =
        "{\"event_id\":\"6f1c1b7e-0a52-4a8e-9f0e-3c1d2b9a7f10\",\"type\":\"model_completed\","
            + "\"schema_version\":1,\"run_id\":\"r\",\"time\":\"2026-11-22T00:00:00Z\",\"payload\":"
            + "{\"model\":\"s.m\",\"materialization\":\"table\",\"strategy\":null,\"rows\":3,"
            + "\"last_processed_value\":null,\"sql_hash\":\"a\",\"config_hash\":\"b\",\"ledger_seq\":4,"
            + "\"duration_millis\":9,\"already_applied\":false}}";
    Envelope e = EventJson.read(json.getBytes(StandardCharsets.UTF_8));
    assertThat(e.payload())
        .isEqualTo(new ModelCompleted("s.m", "table", null, 3, null, "a", "b", 4, 9, false));
    assertThat(((ModelCompleted) e.payload()).rowsInserted()).isNull();
  }

  @Test
  void payloadFieldsAddedByANewerBuildAreIgnored() {
    String json =
        "{\"event_id\":\"6f1c1b7e-0a52-4a8e-9f0e-3c1d2b9a7f10\",\"type\":\"data_arrived\",\"schema_version\":1,"
            + "\"run_id\":\"r\",\"time\":\"2026-11-22T00:00:00Z\",\"payload\":{\"source\":\"raw.events\",\"rows_hint\":10}}";
    Envelope e = EventJson.read(json.getBytes(StandardCharsets.UTF_8));
    assertThat(e.payload()).isEqualTo(new DataArrived("raw.events", null));
  }

  @Test
  void invalidEventsAreRefusedWithTheReason() {
    String base =
        "{\"event_id\":\"6f1c1b7e-0a52-4a8e-9f0e-3c1d2b9a7f10\",\"type\":\"%s\",\"schema_version\":%d,"
            + "\"run_id\":\"r\",\"time\":\"2026-11-22T00:00:00Z\",\"payload\":%s}";
    assertThatThrownBy(() -> read(base.formatted("model_finished", 1, "{}")))
        .isInstanceOf(EventFormatException.class)
        .hasMessageContaining("Unknown event type: 'model_finished'")
        .hasMessageContaining("model_completed");
    assertThatThrownBy(() -> read(base.formatted("data_arrived", 2, "{\"source\":\"s\"}")))
        .hasMessageContaining("Cannot read data_arrived schema version 2")
        .hasMessageContaining("upgrade this service");
    assertThatThrownBy(() -> read(base.formatted("data_arrived", 1, "{}")))
        .hasMessageContaining("Invalid data_arrived payload: 'source' is required");
    assertThatThrownBy(() -> read(base.formatted("model_failed", 1, "{\"model\":\"m\"}")))
        .hasMessageContaining("Invalid model_failed payload");
    assertThatThrownBy(() -> read(base.formatted("model_started", 1, "{\"model\":\"m\"}")))
        .hasMessageContaining("Invalid model_started payload");
    assertThatThrownBy(() -> read("{\"type\":\"data_arrived\",\"schema_version\":1}"))
        .hasMessageContaining("'event_id' is missing");
    assertThatThrownBy(() -> read("[1]")).hasMessageContaining("expected a JSON object");
    assertThatThrownBy(() -> read("{nope")).hasMessageContaining("not JSON");
  }

  private static final String ENVELOPE =
      "{\"event_id\":\"6f1c1b7e-0a52-4a8e-9f0e-3c1d2b9a7f10\",\"type\":\"%s\",\"schema_version\":%d,"
          + "\"run_id\":\"r\",\"time\":\"2026-11-22T00:00:00Z\",\"payload\":%s}";

  private static DeadLetterReason reason(String json) {
    try {
      read(json);
    } catch (EventFormatException e) {
      return e.reason();
    }
    throw new AssertionError("accepted: " + json);
  }

  /**
   * A backfill request is written at run_requested version 2, so a reader that knows only version 1
   * (and would ignore the window and run every model incrementally) refuses it for the dead-letter
   * topic; a plain run request stays version 1, readable by older builds. A version-1 record with a
   * window, as the build that introduced backfills wrote it, is still read as the backfill it was
   * (it may wait in a topic or among dead letters during an upgrade).
   */
  @Test
  void aBackfillRequestIsANewerSchemaVersionThanAPlainRunRequest() {
    RunRequested plain = new RunRequested("p", List.of(), List.of(), Map.of(), false, "api");
    RunRequested backfill =
        RunRequested.backfill(
            "p", new BackfillWindow("s.m", "2024-01-01", "2024-02-01"), null, "api");
    assertThat(EventJson.writeString(Envelope.of("r", plain))).contains("\"schema_version\":1,");
    assertThat(EventJson.writeString(Envelope.of("r", backfill))).contains("\"schema_version\":2,");
    assertThat(EventType.RUN_REQUESTED.schemaVersion()).isEqualTo(2);
    String window =
        "{\"project\":\"p\",\"full_refresh\":false,\"reason\":\"api\",\"backfill\":"
            + "{\"model\":\"s.m\",\"start\":\"2024-01-01\",\"end\":\"2024-02-01\"}}";
    // the rule by which a reader of the previous build (up to version 1) refuses version 2: a
    // version above the newest it knows is refused, as this build refuses version 3
    assertThatThrownBy(() -> read(ENVELOPE.formatted("run_requested", 3, window)))
        .isInstanceOf(EventFormatException.class)
        .hasMessage(
            "Cannot read run_requested schema version 3: this build reads up to version 2; upgrade"
                + " this service")
        .extracting(e -> ((EventFormatException) e).reason())
        .isEqualTo(DeadLetterReason.UNSUPPORTED_VERSION);
    assertThat(read(ENVELOPE.formatted("run_requested", 1, window)).payload()).isEqualTo(backfill);
    assertThat(read(ENVELOPE.formatted("run_requested", 2, window)).payload()).isEqualTo(backfill);
  }

  @Test
  void everyRefusalSaysWhyInAFixedCode() {
    assertThat(reason("\u0000\u00ff random")).isEqualTo(DeadLetterReason.NOT_AN_EVENT);
    assertThat(reason("[1]")).isEqualTo(DeadLetterReason.NOT_AN_EVENT);
    assertThat(reason(ENVELOPE.formatted("model_finished", 1, "{}")))
        .isEqualTo(DeadLetterReason.UNKNOWN_TYPE);
    assertThat(reason(ENVELOPE.formatted("data_arrived", 9, "{\"source\":\"s\"}")))
        .isEqualTo(DeadLetterReason.UNSUPPORTED_VERSION);
    assertThat(reason(ENVELOPE.formatted("data_arrived", 1, "{}")))
        .isEqualTo(DeadLetterReason.INVALID_PAYLOAD);
    assertThatThrownBy(
            () ->
                EventJson.read(
                    EventJson.write(Envelope.of("r", new DataArrived("s", null))),
                    Topic.MERGE_TASKS))
        .isInstanceOf(EventFormatException.class)
        .hasMessage(
            "Invalid event on the merge-tasks topic: data_arrived events belong on data-arrivals")
        .extracting(e -> ((EventFormatException) e).reason())
        .isEqualTo(DeadLetterReason.WRONG_TOPIC);
  }

  @Test
  void aValidEnvelopeMissingARequiredFieldNamesTheField() {
    // one per consumed topic
    assertThatThrownBy(
            () ->
                read(
                    ENVELOPE.formatted(
                        "run_requested", 1, "{\"select\":[],\"full_refresh\":false}")))
        .hasMessage("Invalid run_requested payload: 'project' is required");
    assertThatThrownBy(
            () ->
                read(
                    ENVELOPE.formatted(
                        "model_run_command",
                        2,
                        "{\"model\":\"s.m\",\"mode\":\"full\",\"full_refresh\":false,\"attempt\":1}")))
        .hasMessage("Invalid model_run_command payload: 'based_on_ledger_seq' is required");
    assertThatThrownBy(
            () ->
                read(
                    ENVELOPE.formatted(
                        "model_run_command",
                        2,
                        "{\"model\":\"s.m\",\"mode\":\"fast\",\"based_on_ledger_seq\":0,"
                            + "\"full_refresh\":false,\"attempt\":1}")))
        .hasMessage(
            "Invalid model_run_command payload for s.m: mode 'fast' (expected one of full,"
                + " incremental, view, backfill)");
    assertThatThrownBy(
            () ->
                read(
                    ENVELOPE.formatted(
                        "merge_task", 1, "{\"model\":\"s.m\",\"buckets\":4,\"attempt\":1}")))
        .hasMessage("Invalid merge_task payload: 'bucket' is required");
    assertThatThrownBy(
            () ->
                read(
                    ENVELOPE.formatted(
                        "model_state",
                        1,
                        "{\"model\":\"s.m\",\"sql_hash\":\"a\",\"config_hash\":\"b\",\"ledger_seq\":3}")))
        .hasMessage("Invalid model_state payload: 'materialization' is required");
  }

  @Test
  void anErrorCodeOfANewerBuildReadsAsInternalAndKeepsItsRetryableFlag() {
    ModelFailed f =
        (ModelFailed)
            read(ENVELOPE.formatted(
                    "model_failed",
                    1,
                    "{\"model\":\"s.m\",\"error_code\":\"QUOTA_EXCEEDED\",\"retryable\":true,"
                        + "\"message\":\"later\",\"duration_millis\":1}"))
                .payload();
    assertThat(f.errorCode()).isEqualTo(ErrorCode.INTERNAL);
    assertThat(f.retryable()).isTrue();
  }

  @Test
  void aVersionOneFinalizeCommandIsReadAsTheFinalizeEvent() {
    Envelope e =
        read(
            ENVELOPE.formatted(
                "model_run_command",
                1,
                "{\"model\":\"s.m\",\"mode\":\"finalize\",\"based_on_ledger_seq\":0,"
                    + "\"vars\":{},\"full_refresh\":false,\"attempt\":2}"));
    assertThat(e.type()).isEqualTo(EventType.MODEL_RUN_FINALIZE);
    assertThat(e.payload()).isEqualTo(new ModelRunFinalize("s.m", 0, 2));
    assertThat(e.eventId().toString()).isEqualTo("6f1c1b7e-0a52-4a8e-9f0e-3c1d2b9a7f10");
    // any other version-1 command reads unchanged, as the current version
    Envelope full =
        read(
            ENVELOPE.formatted(
                "model_run_command",
                1,
                "{\"model\":\"s.m\",\"mode\":\"full\",\"based_on_ledger_seq\":4,"
                    + "\"full_refresh\":false,\"attempt\":1}"));
    assertThat(full.schemaVersion()).isEqualTo(2);
    assertThat(full.payload()).isEqualTo(new ModelRunCommand("s.m", "full", 4, null, false, 1));
  }

  @Test
  void aDeadLetterRoundTripsThroughItsHeaders() {
    DeadLetter d =
        DeadLetter.of(
            new RuntimeException(
                new EventFormatException(DeadLetterReason.UNKNOWN_TYPE, "Unknown event type")),
            "t4t.merge-tasks",
            3,
            17,
            "t4t-executor-service");
    assertThat(d.code()).isEqualTo(DeadLetterReason.UNKNOWN_TYPE);
    assertThat(d.headers())
        .containsEntry("dead-letter-topic", "t4t.merge-tasks")
        .containsEntry("dead-letter-partition", "3")
        .containsEntry("dead-letter-offset", "17")
        .containsEntry("t4t-dead-letter-code", "unknown_type")
        .containsEntry("t4t-dead-letter-service", "t4t-executor-service");
    assertThat(DeadLetter.fromHeaders(d.headers())).isEqualTo(d);
    assertThat(DeadLetter.of(new IllegalStateException("boom"), "t", 0, 1, "s").code())
        .isEqualTo(DeadLetterReason.PROCESSING_FAILED);
    assertThatThrownBy(() -> DeadLetter.fromHeaders(java.util.Map.of()))
        .hasMessageContaining("header 't4t-dead-letter-code' is missing");
  }

  @Test
  void aRunIdIsAPlainKey() {
    assertThat(
            reason(
                ENVELOPE
                    .replace("\"run_id\":\"r\"", "\"run_id\":\"a/b\"")
                    .formatted("data_arrived", 1, "{\"source\":\"s\"}")))
        .isEqualTo(DeadLetterReason.NOT_AN_EVENT);
    assertThatThrownBy(() -> Envelope.of("a/b", new DataArrived("s", null)))
        .hasMessageContaining("Invalid event: run_id 'a/b'");
    assertThat(Envelope.of("arrival-6f1c1b7e-0a52", new DataArrived("s", null)).runId())
        .isEqualTo("arrival-6f1c1b7e-0a52");
  }

  @Test
  void anEnvelopeMustMatchItsPayload() {
    assertThatThrownBy(
            () ->
                new Envelope(
                    java.util.UUID.randomUUID(),
                    EventType.MODEL_FAILED,
                    1,
                    "r",
                    java.time.Instant.now(),
                    new DataArrived("s", null)))
        .isInstanceOf(EventFormatException.class)
        .hasMessageContaining("type model_failed carries a data_arrived payload");
  }

  @Test
  void topicsAreNamedKeyedAndKeptAsDocumented() {
    assertThat(Topic.MODEL_RUN_COMMANDS.name("t4t.")).isEqualTo("t4t.model-run-commands");
    assertThat(Topic.MODEL_STATE.compacted()).isTrue();
    assertThat(Topic.MODEL_STATE.retention()).isNull();
    for (EventType t : EventType.values()) {
      assertThat(t.topic().key())
          .as(t.wireName())
          .isIn("project", "source", "model", "model#bucket");
    }
    for (Topic t : Topic.values()) {
      assertThat(Topic.named("t4t.", t.name("t4t."))).contains(t);
    }
    assertThat(Topic.MERGE_TASKS.name("t4t.")).isEqualTo("t4t.merge-tasks");
    assertThat(new MergeTask("s.m", 3, 8, 1).key()).isEqualTo("s.m#3");
    assertThat(EventType.fromName("Model_Completed")).isEqualTo(EventType.MODEL_COMPLETED);
    assertThat(ErrorCode.TRANSIENT.retryable()).isTrue();
    assertThat(ErrorCode.DUPLICATE_KEYS.retryable()).isFalse();
  }

  private static Envelope read(String json) {
    return EventJson.read(json.getBytes(StandardCharsets.UTF_8));
  }
}
