/**
 * A real Trino server for tests, benchmarks and {@code examples/run-on-trino}: the {@code
 * io.trino:trino-server} tarball from Maven, unpacked with the system's {@code tar}, run on a JDK
 * of version 24 or later, single node on loopback, with Iceberg catalogs on the local file system.
 */
package io.t4t.testing.trino;
