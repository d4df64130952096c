/**
 * Engines as providers (like Trino's connectors): one {@link io.t4t.core.engine.EngineProvider} per
 * engine ({@link io.t4t.core.engine.DuckDbEngine}, {@link io.t4t.core.engine.PostgresEngine},
 * {@link io.t4t.core.engine.TrinoEngine}) declares how its connection table is read, its dialect,
 * how a JDBC connection is opened, how its errors are classified ({@link
 * io.t4t.core.engine.Failure}) and its health check. {@link io.t4t.core.engine.EngineProviders} is
 * the registry; nothing else in t4t switches on the engine.
 *
 * <p>May depend on {@code project}, {@code dialect}, {@code sql} and {@code error}; {@code execute}
 * and {@code run} depend on it (so it hands out JDBC connections, not warehouses).
 */
package io.t4t.core.engine;
