package io.t4t.planner;

import io.smallrye.mutiny.Multi;
import io.t4t.console.Console;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.resteasy.reactive.RestStreamElementType;

/**
 * The console under {@code /console}: pages, JSON and its own static files answered by {@link
 * Console}, the event stream as server-sent events. Like the REST API's reads, none needs a token;
 * its actions are {@code POST /runs} and {@code POST /backfills}, which do. A token the request
 * carries (header, or the console's cookie) is forwarded to the state-service for run history. The
 * webjars ({@code /webjars/...}) are served by Quarkus from the dependency jars' {@code
 * META-INF/resources}.
 */
@Path(Console.ROOT)
public class ConsoleResource {
  /** The cookie the console's script keeps the entered token in (console.js). */
  static final String TOKEN_COOKIE = "t4t_token";

  @Inject PlannerConsole console;

  @GET
  @Produces(MediaType.WILDCARD)
  public Response root(
      @Context UriInfo uri,
      @HeaderParam(HttpHeaders.AUTHORIZATION) String auth,
      @CookieParam(TOKEN_COOKIE) String cookie) {
    return answer("GET", uri, bearer(auth, cookie), new byte[0]);
  }

  @GET
  @Path("{rest: .+}")
  @Produces(MediaType.WILDCARD)
  public Response get(
      @Context UriInfo uri,
      @HeaderParam(HttpHeaders.AUTHORIZATION) String auth,
      @CookieParam(TOKEN_COOKIE) String cookie) {
    return answer("GET", uri, bearer(auth, cookie), new byte[0]);
  }

  /**
   * What a run request or a backfill would run ({@code api/preview}, {@code api/preview/backfill});
   * changes nothing, so no token.
   */
  @POST
  @Path("api/{rest: .+}")
  @Consumes(MediaType.WILDCARD)
  @Produces(MediaType.APPLICATION_JSON)
  public Response preview(byte[] body, @Context UriInfo uri) {
    return answer("POST", uri, null, body == null ? new byte[0] : body);
  }

  /** The keep-alive event, which the page skips. */
  static final String PING = "{\"ping\": true}";

  /**
   * Run changes as they happen, one JSON object per event; statuses only, as {@code GET /runs/{id}}
   * answers them without a token.
   */
  @GET
  @Path("events")
  @Produces(MediaType.SERVER_SENT_EVENTS)
  @RestStreamElementType(MediaType.TEXT_PLAIN)
  public Multi<String> events() {
    return Multi.createFrom()
        .emitter(
            emitter ->
                console
                    .console()
                    .subscribe(
                        json -> {
                          if (emitter.isCancelled()) {
                            return false;
                          }
                          // a keep-alive is an event the page ignores: an idle stream is
                          // written to, so a proxy keeps it and a closed one is noticed
                          emitter.emit(json == null ? PING : json);
                          return true;
                        }));
  }

  private Response answer(String method, UriInfo uri, String bearer, byte[] body) {
    Map<String, String> query = new LinkedHashMap<>();
    uri.getQueryParameters().forEach((k, v) -> query.put(k, v.isEmpty() ? "" : v.get(0)));
    if (Console.showsOutcomes(uri.getPath())) {
      console.fresh();
    }
    PlannerConsole.BEARER.set(bearer);
    try {
      Console.Response r = console.console().handle(method, uri.getPath(), query, body);
      return Response.status(r.status()).type(r.contentType()).entity(r.body()).build();
    } finally {
      PlannerConsole.BEARER.remove();
    }
  }

  /**
   * The token to forward: the Authorization header's, else the console's cookie (the browser sends
   * no header when it navigates to a page). Only forwarded for reads; actions are checked on their
   * own header.
   */
  static String bearer(String auth, String cookie) {
    if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return auth.substring(7).trim();
    }
    return cookie == null || cookie.isBlank() ? null : cookie.trim();
  }
}
