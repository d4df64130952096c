package io.t4t.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code t4t serve PROJECT --port 0} as a process started through the launcher, as a user starts
 * it: ready when it prints the console's address (it does so once its HTTP server accepts
 * requests), stopped as Ctrl-C stops it (SIGTERM, its shutdown hook closes it).
 */
final class ServeProcess implements AutoCloseable {
  private static final Pattern CONSOLE = Pattern.compile("Console: (http://\\S+/console)");

  private final Process process;
  private final StringBuffer output = new StringBuffer();
  private final CompletableFuture<String> address = new CompletableFuture<>();
  private final long startedNanos;
  private volatile long printedNanos;

  private ServeProcess(Path t4t, Path project) throws Exception {
    startedNanos = System.nanoTime();
    process =
        new ProcessBuilder(t4t.toString(), "serve", project.toString(), "--port", "0")
            .redirectErrorStream(true)
            .start();
    Thread reader = new Thread(this::read, "t4t-serve-output");
    reader.setDaemon(true);
    reader.start();
  }

  /**
   * Starts {@code t4t serve} and waits (up to five minutes) until it prints the console address.
   */
  static ServeProcess start(Path t4t, Path project) throws Exception {
    ServeProcess p = new ServeProcess(t4t, project);
    try {
      p.address.get(5, TimeUnit.MINUTES);
      return p;
    } catch (Exception e) {
      p.close();
      throw new IllegalStateException(
          "Cannot start t4t serve on " + project + ": " + e + "\n" + p.output, e);
    }
  }

  // every line is read to the end (a full pipe would block the server); the address completes
  // the future the moment its line arrives
  private void read() {
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        Matcher m = CONSOLE.matcher(line);
        if (m.find() && !address.isDone()) {
          printedNanos = System.nanoTime();
          address.complete(m.group(1));
        }
        if (output.length() < 100_000) {
          output.append(line).append('\n');
        }
      }
      address.completeExceptionally(new IllegalStateException("t4t serve exited"));
    } catch (java.io.IOException e) {
      address.completeExceptionally(e);
    }
  }

  /** The console's address, {@code http://127.0.0.1:PORT/console}. */
  String console() {
    return address.join();
  }

  /** The server's root address, {@code http://127.0.0.1:PORT}. */
  String base() {
    return console().substring(0, console().length() - "/console".length());
  }

  /** Seconds from starting the process to the console's address printed. */
  double secondsToAddress() {
    return (printedNanos - startedNanos) / 1e9;
  }

  /** Seconds from starting the process to now. */
  double secondsSinceStart() {
    return (System.nanoTime() - startedNanos) / 1e9;
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
    // the launcher execs java: the process is the JVM; its children (none expected) go with it
  }
}
