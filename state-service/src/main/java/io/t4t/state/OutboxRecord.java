package io.t4t.state;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.LocalDateTime;

/**
 * A {@code model_state} event not yet on the topic: written with the state change, deleted once
 * published. The event is stored whole, so a republish carries the same event id.
 */
@Entity
@Table(name = "state_outbox")
public class OutboxRecord extends PanacheEntityBase {
  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;

  @Column(name = "model_name")
  public String modelName;

  public byte[] event;

  @Column(name = "created_at")
  public LocalDateTime createdAt;
}
