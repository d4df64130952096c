package io.t4t.state;

import io.t4t.events.ModelState;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** {@code GET /state} and {@code GET /state/{model}}: the state columns as JSON. */
@Path("/state")
@Produces(MediaType.APPLICATION_JSON)
public class StateResource {

  @GET
  public List<ModelState> all() {
    return ModelStateRecord.<ModelStateRecord>listAll().stream()
        .map(StateService::toEvent)
        .sorted(java.util.Comparator.comparing(ModelState::model))
        .toList();
  }

  @GET
  @Path("/{model}")
  public ModelState one(@PathParam("model") String model) {
    ModelStateRecord s = ModelStateRecord.findById(model);
    if (s == null) {
      throw new NotFoundException("No state for " + model);
    }
    return StateService.toEvent(s);
  }
}
