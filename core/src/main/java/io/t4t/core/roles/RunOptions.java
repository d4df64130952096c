package io.t4t.core.roles;

import java.util.List;
import java.util.Map;

/**
 * What to run.
 *
 * @param vars {@code --vars} decoded from JSON (string, number, boolean or null values)
 * @param select models to run (empty: all)
 * @param exclude models not to run
 * @param fullRefresh rebuild incremental models from scratch
 */
public record RunOptions(
    Map<String, Object> vars, List<String> select, List<String> exclude, boolean fullRefresh) {
  public RunOptions {
    vars = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(vars));
    select = List.copyOf(select);
    exclude = List.copyOf(exclude);
  }

  public static RunOptions defaults() {
    return new RunOptions(Map.of(), List.of(), List.of(), false);
  }
}
