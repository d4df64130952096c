/**
 * Error types shared by every role, under one root, {@link io.t4t.core.error.T4tException}, which
 * carries the error code of failure events. Messages start with "Cannot" or "Invalid" and say what
 * to do.
 *
 * <p>May depend on no other core package (only the events module's error codes).
 */
package io.t4t.core.error;
