package io.t4t.core.dag;

import io.t4t.core.error.InvalidInputException;
import io.t4t.core.project.Materialization;
import io.t4t.core.project.Model;
import io.t4t.core.project.ModelName;
import io.t4t.core.project.Project;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a backfill does to each model, decided from the project's files alone: shared by {@code t4t
 * backfill} and the coordinator, which plans a backfill request without the warehouse (decision
 * 0012).
 */
public final class BackfillScope {
  /** What a model of a backfill's selection does. */
  public enum Action {
    /** Reload the window: the backfilled model and the incremental models downstream of it. */
    BACKFILL,
    /** Rebuild: a table downstream (it has no window to restate). */
    REBUILD
  }

  private BackfillScope() {}

  /**
   * The models a backfill of {@code root} runs, in dependency order, with what each does. Views
   * downstream are left out: they read the reloaded rows as they are.
   *
   * @throws InvalidInputException when {@code root} has no time column to take a window of
   */
  public static Map<ModelName, Action> actions(Project project, ModelGraph graph, ModelName root) {
    requireWindowed(project, root);
    Set<ModelName> chosen = graph.withReaders(Set.of(root));
    Map<ModelName, Action> out = new LinkedHashMap<>();
    for (ModelName name : graph.order()) {
      if (!chosen.contains(name)) {
        continue;
      }
      Materialization m = project.models().get(name).config().materialization();
      if (name.equals(root) || m == Materialization.INCREMENTAL) {
        out.put(name, Action.BACKFILL);
      } else if (m == Materialization.TABLE) {
        out.put(name, Action.REBUILD);
      }
    }
    return out;
  }

  /**
   * @throws InvalidInputException when {@code root} has no time column to take a window of
   */
  public static void requireWindowed(Project project, ModelName root) {
    Model model = project.models().get(root);
    if (model.config().incremental().isEmpty()) {
      throw new InvalidInputException(
          "Cannot backfill model "
              + root
              + ": it is a "
              + model.config().materialization().wireName()
              + ", which has no time_column to take a window of (only incremental models can be"
              + " backfilled); rebuild it with t4t run --select "
              + root);
    }
  }

  /**
   * Checks what can be checked of a window without the engine: both bounds given, and, when both
   * read as numbers or both as ISO dates or timestamps, end after start. Whether the bounds are
   * values of the time column's type is the engine's to say (the executor asks it before writing).
   *
   * @throws InvalidInputException naming the model and the bound
   */
  public static void checkWindow(ModelName model, String start, String end) {
    requireText(model, "start", start);
    requireText(model, "end", end);
    Optional<Integer> order =
        compare(number(start), number(end)).or(() -> compare(time(start), time(end)));
    if (order.isPresent() && order.get() >= 0) {
      throw new InvalidInputException(
          "Invalid window for backfill of model "
              + model
              + ": end '"
              + end
              + "' must be after start '"
              + start
              + "' (the window is start <= time column < end)");
    }
  }

  /** A window bound ({@code key}) must be given: an error naming the model and the key. */
  public static void requireText(ModelName model, String key, String value) {
    if (value == null || value.isBlank()) {
      throw new InvalidInputException(
          "Invalid "
              + key
              + " for backfill of model "
              + model
              + ": give a value of its time column");
    }
  }

  private static <T extends Comparable<? super T>> Optional<Integer> compare(
      Optional<T> a, Optional<T> b) {
    return a.isPresent() && b.isPresent()
        ? Optional.of(a.get().compareTo(b.get()))
        : Optional.empty();
  }

  private static Optional<BigDecimal> number(String text) {
    try {
      return Optional.of(new BigDecimal(text.trim()));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static Optional<LocalDateTime> time(String text) {
    String t = text.trim().replace(' ', 'T');
    try {
      return Optional.of(
          t.contains("T") ? LocalDateTime.parse(t) : java.time.LocalDate.parse(t).atStartOfDay());
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
