/**
 * The web console, free of any web framework so that {@code t4t serve} (the JDK's HTTP server) and
 * the planner-service (Quarkus) host the same pages: a host answers {@link
 * io.t4t.console.ConsoleSource} (the project, runs, state and ledger it holds) and forwards
 * requests under {@code /console} to {@link io.t4t.console.Console}. Pages are Qute templates under
 * {@code templates/console}; the browser code and its libraries (Cytoscape.js, dagre from webjars)
 * are served from {@code META-INF/resources} on the classpath. May depend on {@code io.t4t.core}
 * and {@code io.t4t.events}; nothing in core depends on it.
 */
package io.t4t.console;
