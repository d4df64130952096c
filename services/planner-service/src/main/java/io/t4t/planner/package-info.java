/**
 * The planner-service: run requests (REST and topic) and data arrivals in, model-run commands out.
 * Message handlers and REST resources only decode and hand off to {@link io.t4t.planner.Planning},
 * which drives the core's {@link io.t4t.core.coordinate.RunCoordinator} under one lock. It reads
 * the project's files, never the warehouse.
 */
package io.t4t.planner;
