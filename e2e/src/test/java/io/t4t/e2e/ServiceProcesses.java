package io.t4t.e2e;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The packaged services started as processes, and plain HTTP to them. */
final class ServiceProcesses implements AutoCloseable {
  /**
   * A model's status {@code failed} in a {@code GET /runs/{id}} answer ({@code "m":"failed"}),
   * which a run that lost nothing must not have; the {@code "failed"} key of its {@code fan_outs}
   * is none.
   */
  static final String FAILED_STATUS = "\":\"failed\"";

  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private final List<Process> processes = new ArrayList<>();
  private final HttpClient http = HttpClient.newHttpClient();

  /** Starts {@code <service>} on {@code port} and waits until it reports ready. */
  Process start(String service, int port, Map<String, String> env, Path log, String... props)
      throws Exception {
    Process p = launch(service, port, env, log, props);
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (System.nanoTime() < deadline) {
      try {
        if (readyStatus(port) == 200) {
          return p;
        }
      } catch (java.io.IOException notYet) {
        // starting
      }
      if (!p.isAlive()) {
        throw new AssertionError(service + " exited: " + log(log));
      }
      Thread.sleep(100);
    }
    throw new AssertionError(service + " did not become ready: " + log(log));
  }

  /** Starts {@code <service>} on {@code port}, without waiting for it. */
  Process launch(String service, int port, Map<String, String> env, Path log, String... props)
      throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Dquarkus.http.port=" + port);
    cmd.addAll(List.of(props));
    cmd.add("-jar");
    cmd.add(ROOT.resolve(service + "/target/quarkus-app/quarkus-run.jar").toString());
    ProcessBuilder pb =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    // on one machine, unauthenticated unless env says T4T_API_AUTH=true (ConsoleIT)
    pb.environment().put("T4T_API_AUTH", "false");
    // human-readable log lines unless a test asks for the JSON lines of a deployment
    pb.environment().put("T4T_LOG_JSON", "false");
    pb.environment().putAll(env);
    Process p = pb.start();
    synchronized (processes) {
      processes.add(p);
    }
    return p;
  }

  /** Starts the state-service on {@code port} with its database, user postgres. */
  Process startStateService(
      int port, Map<String, String> env, Path log, String jdbcUrl, String password)
      throws Exception {
    return start("state-service", port, env, log, stateServiceProps(jdbcUrl, password));
  }

  /** The state-service's database settings, user postgres. */
  static String[] stateServiceProps(String jdbcUrl, String password) {
    return new String[] {
      "-Dquarkus.datasource.jdbc.url=" + jdbcUrl,
      "-Dquarkus.datasource.username=postgres",
      "-Dquarkus.datasource.password=" + password
    };
  }

  static String log(Path p) throws Exception {
    return Files.exists(p) ? Files.readString(p) : "";
  }

  static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** The status of {@code /q/health/ready}: 200 only when every readiness check is UP. */
  int readyStatus(int port) throws Exception {
    return http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready"))
                .build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  String get(int port, String path) throws Exception {
    return send(port, path, null).body();
  }

  String post(int port, String path, String body) throws Exception {
    return send(port, path, body).body();
  }

  /**
   * {@code path} on {@code port}: a GET, or a POST of {@code body} (JSON) when it is not null, with
   * {@code headers} given as name, value, name, value.
   */
  HttpResponse<String> send(int port, String path, String body, String... headers)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
    if (body != null) {
      b.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
    }
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Kills every process started here. */
  @Override
  public void close() {
    synchronized (processes) {
      processes.forEach(Process::destroyForcibly);
    }
  }
}
