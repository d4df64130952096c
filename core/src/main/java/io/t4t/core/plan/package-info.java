/**
 * The planner role: project + state + what the warehouse holds -> an ordered list of {@link
 * io.t4t.core.plan.ModelRun model runs}, each full or incremental with its window. Planning reads
 * and never writes.
 */
package io.t4t.core.plan;
