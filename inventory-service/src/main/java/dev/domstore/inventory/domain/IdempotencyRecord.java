package dev.domstore.inventory.domain;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

/** The first response to a POST made with an Idempotency-Key. */
@Entity
@Table(name = "idempotency_key")
@IdClass(IdempotencyRecord.Key.class)
public class IdempotencyRecord extends PanacheEntityBase {
    @Id
    @Column(name = "idempotency_key")
    public String idempotencyKey;
    @Id
    public String endpoint;
    @Column(name = "request_hash")
    public String requestHash;
    @Column(name = "response_status")
    public int responseStatus;
    @Column(name = "response_body")
    public String responseBody;
    public String location;
    @Column(name = "created_at")
    public Instant createdAt;

    public static IdempotencyRecord find(String idempotencyKey, String endpoint) {
        Key key = new Key();
        key.idempotencyKey = idempotencyKey;
        key.endpoint = endpoint;
        return findById(key);
    }

    public static class Key implements Serializable {
        public String idempotencyKey;
        public String endpoint;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key other && Objects.equals(idempotencyKey, other.idempotencyKey) && Objects.equals(endpoint, other.endpoint);
        }

        @Override
        public int hashCode() {
            return Objects.hash(idempotencyKey, endpoint);
        }
    }
}
