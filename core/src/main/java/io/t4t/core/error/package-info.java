/**
 * Error types shared by every role, under one root, {@link io.t4t.core.error.T4tException}, which
 * carries the error code of failure events. Messages start with "Cannot" or "Invalid" and say what
 * to do.
 */
package io.t4t.core.error;
