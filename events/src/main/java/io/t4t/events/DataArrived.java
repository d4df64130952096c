package io.t4t.events;

/**
 * New data for a source table that models read, e.g. {@code {"source": "t_project.source_table"}}.
 * The planner runs the models reading it and their downstream models, coalescing a burst of
 * arrivals into one run per model.
 *
 * @param source the table as models name it ({@code schema.table} or {@code catalog.table})
 * @param location where the data landed (a file or folder), if it came as files; may be null
 */
public record DataArrived(String source, String location) implements Payload {

  public DataArrived {
    Fields.required(source, EventType.DATA_ARRIVED, "source");
  }

  @Override
  public EventType type() {
    return EventType.DATA_ARRIVED;
  }

  @Override
  public String key() {
    return source;
  }
}
