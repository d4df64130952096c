/**
 * The state store role: last processed values and hashes per model, in the seed's {@code
 * tee_model_state} table. State is a projection of the target's ledger: it is written after the
 * target commits and reconciled from the ledger when they differ, so data and state can never
 * disagree for long and never disagree silently.
 */
package io.t4t.core.state;
