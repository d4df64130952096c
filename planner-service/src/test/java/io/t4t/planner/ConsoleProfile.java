package io.t4t.planner;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The planner-service of {@link ConsoleResourceTest}: its own application (a fresh broker, so its
 * runs meet no model left in flight by the other tests) and a state-service stand-in answering one
 * model's state to anyone and one model's history to a request that carries a bearer token, 401 to
 * one without, as the real one does.
 */
public class ConsoleProfile implements QuarkusTestProfile {
  /**
   * The system property holding the Authorization header the stand-in last received (a property,
   * not a field: the profile and the test may be loaded by different class loaders).
   */
  static final String RECEIVED = "t4t.test.state-service.authorization";

  static final String HISTORY =
      "[{\"event_id\": \"5f0c2b1e-0000-4000-8000-000000000002\", \"run_id\": \"r-history-1\","
          + " \"model\": \"marts.order_log\", \"event_type\": \"model_completed\","
          + " \"happened_at\": \"2024-03-02T11:00:00\", \"duration_millis\": 1234,"
          + " \"run_kind\": \"incremental\", \"rows_written\": 7, \"rows_inserted\": 5,"
          + " \"rows_updated\": 2, \"rows_deleted\": 0, \"tests\": [], \"error_code\": null,"
          + " \"message\": null},"
          + " {\"event_id\": \"5f0c2b1e-0000-4000-8000-000000000001\", \"run_id\": \"r-history-1\","
          + " \"model\": \"marts.order_log\", \"event_type\": \"model_started\","
          + " \"happened_at\": \"2024-03-02T10:59:58\"}]";

  /** {@code GET /state}: one model's state, as the state-service answers it without a token. */
  static final String STATE =
      "[{\"model\": \"marts.customers\", \"materialization\": \"table\","
          + " \"last_execution_timestamp\": \"2024-03-02T11:00:00\", \"sql_hash\": \"s1\","
          + " \"config_hash\": \"c1\", \"last_processed_value\": \"2024-03-02 10:59:00\","
          + " \"strategy\": null, \"last_run_id\": \"r-state-1\", \"ledger_seq\": 3}]";

  private static final HttpServer STATE_SERVICE = start();

  private static HttpServer start() {
    try {
      HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      s.createContext(
          "/state",
          ex -> {
            byte[] body = STATE.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream out = ex.getResponseBody()) {
              out.write(body);
            }
          });
      s.createContext(
          "/state/",
          ex -> {
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            boolean known = ex.getRequestURI().getPath().equals("/state/marts.order_log/history");
            byte[] body =
                (auth == null ? "{\"error\": \"no token\"}" : known ? HISTORY : "[]")
                    .getBytes(StandardCharsets.UTF_8);
            if (auth != null) {
              System.setProperty(RECEIVED, auth);
            }
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(auth == null ? 401 : known ? 200 : 404, body.length);
            try (OutputStream out = ex.getResponseBody()) {
              out.write(body);
            }
          });
      s.start();
      return s;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public Map<String, String> getConfigOverrides() {
    return Map.of(
        "t4t.planner.state-url", "http://127.0.0.1:" + STATE_SERVICE.getAddress().getPort());
  }
}
