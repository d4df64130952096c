/**
 * The planner-service: run requests (REST and topic) and data arrivals in, model-run commands out.
 * The coordination is a Kafka Streams topology ({@link io.t4t.coordination.CoordinationTopology})
 * over the core's coordinator, exactly once, its state in changelog-backed stores; REST resources
 * only validate and publish requests and read runs back from the stores. It reads the project's
 * files, never the warehouse.
 */
package io.t4t.planner;
