package io.t4t.state;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.LocalDateTime;

/** One model's state: the seed's columns plus the ledger position it reflects. */
@Entity
@Table(name = "model_state")
public class ModelStateRecord extends PanacheEntityBase {
  @Id
  @Column(name = "model_name")
  public String modelName;

  public String materialization;

  @Column(name = "last_execution_timestamp")
  public LocalDateTime lastExecutionTimestamp;

  @Column(name = "sql_hash")
  public String sqlHash;

  @Column(name = "config_hash")
  public String configHash;

  @Column(name = "last_processed_value")
  public String lastProcessedValue;

  public String strategy;

  @Column(name = "last_run_id")
  public String lastRunId;

  @Column(name = "ledger_seq")
  public long ledgerSeq;
}
