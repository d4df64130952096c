package io.t4t.core.coordinate;

import io.t4t.core.project.ModelName;
import io.t4t.events.ModelRunCommand;
import io.t4t.events.RunRequested;

/** Plans one model run into a command: its mode and the ledger position it is planned from. */
@FunctionalInterface
public interface CommandFactory {
  /**
   * @param known the model's state as the coordinator learnt it (null: nothing known); a factory
   *     that reads the ledger itself may ignore it
   */
  ModelRunCommand command(
      ModelName model, RunRequested request, int attempt, ModelSlot.Known known);
}
