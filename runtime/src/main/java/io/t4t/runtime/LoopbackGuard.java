package io.t4t.runtime;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.IntSupplier;

/**
 * Keeps {@code t4t serve}'s unauthenticated endpoints to the user's own machine and pages: it
 * listens on loopback only, but a web page the user has open could still send it requests (a form
 * or a {@code no-cors} fetch needs no preflight), or reach it under another host name through DNS
 * rebinding. So a request must name this server as its {@code Host} ({@code 127.0.0.1} or {@code
 * localhost} with its port), and a request carrying an {@code Origin} (every browser request that
 * changes something does) must come from the console's own origin. Other clients (curl, {@code t4t
 * notify}, tests) send no {@code Origin} and are unaffected. Refusals answer 403 saying why.
 */
final class LoopbackGuard extends Filter {
  private final IntSupplier port;

  LoopbackGuard(IntSupplier port) {
    this.port = port;
  }

  @Override
  public String description() {
    return "requests only from this machine's own pages";
  }

  @Override
  public void doFilter(HttpExchange ex, Chain chain) throws IOException {
    String refusal = refusal(ex.getRequestHeaders().getFirst("Host"), origin(ex));
    if (refusal == null) {
      chain.doFilter(ex);
      return;
    }
    Server.respond(ex, 403, Map.of("error", refusal));
  }

  private static String origin(HttpExchange ex) {
    return ex.getRequestHeaders().getFirst("Origin");
  }

  /** Why a request with these headers is refused, or null when it is not. */
  String refusal(String host, String origin) {
    Set<String> own = Set.of("127.0.0.1:" + port.getAsInt(), "localhost:" + port.getAsInt());
    if (host == null || !own.contains(host.toLowerCase(Locale.ROOT))) {
      return "Invalid Host "
          + (host == null ? "(none)" : "'" + host + "'")
          + ": t4t serve answers only requests to http://127.0.0.1:"
          + port.getAsInt();
    }
    if (origin != null
        && !own.contains(origin.toLowerCase(Locale.ROOT).replaceFirst("^http://", ""))) {
      return "Invalid Origin '"
          + origin
          + "': t4t serve takes requests from its own console only (http://127.0.0.1:"
          + port.getAsInt()
          + "); use curl or t4t notify from this machine";
    }
    return null;
  }
}
