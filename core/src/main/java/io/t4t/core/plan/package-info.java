/**
 * The planner role: project + state + what the warehouse holds -> an ordered list of {@link
 * io.t4t.core.plan.ModelRun model runs}, each full or incremental with its window. Planning reads
 * and never writes.
 *
 * <p>{@link io.t4t.core.plan.Planner} makes the decision (refuse, view, full or incremental, and
 * why); package-private parts do the rest: {@code PlanChecks} (refusals: files the engine cannot
 * read, a forbidden materialization change, a table without the time column or a lookback on a
 * non-temporal one), {@code IncrementalWindow} (the delta's conditions), {@code ModelRuns}
 * (rendering the chosen run's query and shape), {@code SchemaChecks} ({@code on_schema_change}:
 * what an incremental run does when its query's columns differ from its table's, carried as a
 * {@link io.t4t.core.plan.SchemaChange}) and {@code Variables} ({@code --vars}: typed and checked
 * before anything runs). The warehouse is reached only through {@link io.t4t.core.plan.Catalog}.
 *
 * <p>May depend on {@code project}, {@code sql}, {@code dialect}, {@code error} and the events
 * module; never on {@code execute}, {@code run}, {@code roles} or {@code coordinate} (which use
 * it).
 */
package io.t4t.core.plan;
