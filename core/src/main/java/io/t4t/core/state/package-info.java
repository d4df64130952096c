/**
 * The state store role: last processed values and hashes per model, in the seed's {@code
 * tee_model_state} table. State is a projection of the target's run ledger, which is the record the
 * planner reads: the store is written after each commit (in the background, by {@link
 * io.t4t.core.state.StateWriter}) and made equal to the ledger whenever they differ.
 *
 * <p>May depend on {@code execute} (the ledger entries it projects) and the events module.
 */
package io.t4t.core.state;
