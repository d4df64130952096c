/**
 * Error types shared by every role. Messages start with "Cannot" or "Invalid" and say what to do.
 */
package io.t4t.core.error;
