package io.t4t.planner;

import io.smallrye.reactive.messaging.kafka.Record;
import io.t4t.coordination.RunQueries;
import io.t4t.core.coordinate.RunAnswers;
import io.t4t.core.coordinate.RunRequests;
import io.t4t.core.coordinate.RunView;
import io.t4t.core.error.InvalidInputException;
import io.t4t.events.DataArrived;
import io.t4t.events.Envelope;
import io.t4t.events.EventJson;
import io.t4t.events.RunRequested;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;

/**
 * {@code POST /runs}, {@code POST /backfills}, {@code GET /runs/{id}}, {@code POST /arrivals}.
 * Requests go through the topics like any producer's, so the REST path and the topic path are one
 * path.
 */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class RunsResource {
  /** Why runs cannot be read while the coordination's stores are not queryable here. */
  static final String NOT_YET =
      "Cannot read runs yet: the planner's coordination is starting or moving between replicas;"
          + " try again in a moment";

  @Inject Coordination coordination;

  @Inject org.apache.kafka.streams.KafkaStreams streams;

  @Inject PlannerServiceConfig config;

  @Inject io.t4t.operations.Records records;

  @Inject
  @Channel("run-requests-out")
  Emitter<Record<String, byte[]>> runRequests;

  @Inject
  @Channel("data-arrivals-out")
  Emitter<Record<String, byte[]>> arrivals;

  /**
   * A run request; body optional: {@code {"select": [...], "exclude": [...], "vars": {...},
   * "full_refresh": false}}, models named as on the command line. A bad body answers 400 naming the
   * field.
   */
  @POST
  @Path("runs")
  @Consumes(MediaType.WILDCARD)
  public Response run(byte[] body) {
    RunRequested request;
    try {
      request = RunRequests.run(body, coordination.project());
    } catch (InvalidInputException e) {
      return badRequest(e);
    }
    String runId = UUID.randomUUID().toString();
    Envelope e = Envelope.of(runId, request);
    // acknowledged by the broker before the 202: from there the coordination takes it up, on this
    // replica or another, before or after a restart
    records.publish(runRequests, Record.of(e.key(), EventJson.write(e)));
    return Response.accepted(Map.of("run_id", runId)).build();
  }

  /**
   * A backfill request: {@code {"model": "marts.orders", "start": "2024-01-01", "end":
   * "2024-02-01", "vars": {...}}} (decision 0012). Reloads the window of the model and refreshes
   * its downstream models as a run that {@code GET /runs/{id}} shows. A bad body answers 400.
   */
  @POST
  @Path("backfills")
  @Consumes(MediaType.WILDCARD)
  public Response backfill(byte[] body) {
    RunRequested request;
    try {
      request = RunRequests.backfill(body, coordination.graph(), coordination.project());
    } catch (InvalidInputException e) {
      return badRequest(e);
    }
    String runId = RunRequests.runId(request);
    Envelope e = Envelope.of(runId, request);
    records.publish(runRequests, Record.of(e.key(), EventJson.write(e)));
    return Response.accepted(Map.of("run_id", runId))
        .location(java.net.URI.create("/runs/" + runId))
        .build();
  }

  /**
   * A run's progress, from the replica that runs the coordination: a replica holding only a standby
   * copy, or none (one starting during a rolling update), asks it.
   */
  @GET
  @Path("runs/{id}")
  public Response progress(@PathParam("id") String id, @QueryParam("local") boolean local) {
    if (!local) {
      Optional<HostInfo> owner = RunQueries.coordinator(streams, id);
      if (owner.isPresent() && !owner.get().equals(self())) {
        Optional<Response> asked = ask(owner.get(), id);
        if (asked.isPresent()) {
          return asked.get();
        }
      }
    }
    Optional<RunView> run;
    try {
      run = RunQueries.run(streams, id);
    } catch (InvalidStateStoreException e) {
      return Response.status(503).entity(Map.of("error", NOT_YET)).build();
    }
    RunAnswers.Answer a = RunAnswers.of(id, run, config.retention());
    return Response.status(a.status()).entity(a.body()).build();
  }

  /** This replica's address as Kafka Streams advertises it. */
  private HostInfo self() {
    return HostInfo.buildFromEndpoint(advertised);
  }

  /** The answer of the replica that runs the coordination; empty when it cannot be asked. */
  private Optional<Response> ask(HostInfo owner, String id) {
    try {
      java.net.http.HttpResponse<String> r =
          HTTP.send(
              java.net.http.HttpRequest.newBuilder(
                      java.net.URI.create(
                          "http://"
                              + owner.host()
                              + ":"
                              + owner.port()
                              + "/runs/"
                              + java.net.URLEncoder.encode(
                                  id, java.nio.charset.StandardCharsets.UTF_8)
                              + "?local=true"))
                  .timeout(java.time.Duration.ofSeconds(5))
                  .build(),
              java.net.http.HttpResponse.BodyHandlers.ofString());
      return Optional.of(
          Response.status(r.statusCode())
              .entity(r.body())
              .type(MediaType.APPLICATION_JSON)
              .build());
    } catch (java.io.IOException e) {
      return Optional.empty(); // answer from this replica's copy instead
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  private static final java.net.http.HttpClient HTTP =
      java.net.http.HttpClient.newBuilder().connectTimeout(java.time.Duration.ofSeconds(2)).build();

  @org.eclipse.microprofile.config.inject.ConfigProperty(
      name = "quarkus.kafka-streams.application-server")
  String advertised;

  @POST
  @Path("arrivals")
  @Consumes(MediaType.WILDCARD)
  public Response arrived(byte[] body) {
    DataArrived arrival;
    try {
      arrival = RunRequests.arrival(body, coordination.graph(), coordination.project());
    } catch (InvalidInputException e) {
      return badRequest(e);
    }
    Envelope e = Envelope.of("arrival-" + UUID.randomUUID(), arrival);
    records.publish(arrivals, Record.of(e.key(), EventJson.write(e)));
    return Response.accepted(Map.of("source", arrival.source())).build();
  }

  private static Response badRequest(InvalidInputException e) {
    return Response.status(400).entity(Map.of("error", e.getMessage())).build();
  }
}
