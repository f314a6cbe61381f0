package dev.domstore.inventory.domain;

import java.time.Instant;
import java.util.List;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import dev.domstore.common.KafkaGrants;

/** A host allowed onto Kafka, with the credential its agent and nfs-service use. */
@Entity
@Table(name = "host_enrolment")
public class EnrolledHost extends PanacheEntityBase {
    @Id
    @Column(name = "host_id")
    public String hostId;
    public String credential;
    @Column(name = "enrolled_at")
    public Instant enrolledAt;

    public static List<EnrolledHost> sharing(String credential) {
        return list("credential", credential);
    }

    public String kafkaUser() {
        return KafkaGrants.hostUser(credential);
    }
}
