/**
 * What every t4t service shares for operating it: the readiness check of its Kafka consumers'
 * partition assignment. Framework glue only; no t4t logic lives here.
 */
package io.t4t.operations;
