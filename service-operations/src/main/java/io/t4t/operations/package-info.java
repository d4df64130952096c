/**
 * What every t4t service shares for operating it: how a record is consumed ({@link
 * io.t4t.operations.Records}: transient failures retried in place, everything else dead-lettered
 * with its reason and counted), which failures are transient (the events module's {@code
 * Failures}), and the readiness check of its Kafka consumers' partition assignment. Framework glue
 * only; no t4t decision lives here. May depend on the events module, never on core or on a service.
 */
package io.t4t.operations;
