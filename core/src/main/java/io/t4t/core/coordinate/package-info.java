/**
 * The planner role, event-driven: {@link io.t4t.core.coordinate.RunCoordinator} takes run requests,
 * data arrivals and model outcomes and answers with the events to publish (model-run commands,
 * skipped models). Plain and deterministic (the clock is passed in), so the embedded runtime and
 * the planner service wrap the same logic with thin message handlers.
 */
package io.t4t.core.coordinate;
