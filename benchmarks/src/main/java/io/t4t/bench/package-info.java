/** Benchmark commands. Each measures t4t and its baselines in the same run and prints ratios. */
package io.t4t.bench;
