package io.t4t.events;

/**
 * The window of a backfill request: reload {@code start <= time column < end} of {@code model},
 * then refresh the models downstream of it (decision 0012). Carried by a {@code run_requested}
 * event whose run is a backfill; the bounds are text, typed by the executor as the model's time
 * column.
 *
 * @param model {@code schema.name} of the model to reload
 * @param start the window's first time value (inclusive)
 * @param end the value the window stops before (exclusive)
 */
public record BackfillWindow(String model, String start, String end) {
  public BackfillWindow {
    Fields.required(model, EventType.RUN_REQUESTED, "backfill.model");
    Fields.required(start, EventType.RUN_REQUESTED, "backfill.start");
    Fields.required(end, EventType.RUN_REQUESTED, "backfill.end");
  }
}
