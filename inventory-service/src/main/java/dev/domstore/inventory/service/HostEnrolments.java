package dev.domstore.inventory.service;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import org.apache.kafka.clients.admin.Admin;
import org.jboss.logging.Logger;

import io.quarkus.panache.common.Sort;

import dev.domstore.common.HostEnrolment;
import dev.domstore.common.events.EventType;
import dev.domstore.common.validation.Names;
import dev.domstore.inventory.domain.EnrolledHost;
import dev.domstore.inventory.domain.RuleViolation;
import dev.domstore.inventory.messaging.KafkaClientSettings;

/**
 * Which hosts may use Kafka, and as whom (Ganeti's "each node has its own certificate"): enrolling
 * a host makes its topics and a Kafka user, {@code host.<credential>}, that may read that host's
 * commands and write that host's results and reports, and nothing of another host. The password is
 * shown once, in the answer to the enrolment or rotation; Kafka keeps only its SCRAM hash.
 *
 * <p>The Kafka changes are made inside the database transaction that records them: if Kafka refuses,
 * nothing is recorded; each Kafka step can be repeated, so a retry after a failed commit is safe.
 */
@ApplicationScoped
public class HostEnrolments {
    private static final Logger LOG = Logger.getLogger(HostEnrolments.class);

    @Inject
    KafkaClientSettings kafka;
    @Inject
    DomainEvents events;

    /** An enrolment, with the password when this call made or changed it (null when the host shares an existing credential). */
    public record Issued(EnrolledHost enrolment, String password) {
    }

    @Transactional
    public Issued enrol(String hostId, String credential) {
        Names.requireHostId("hostId", hostId);
        String credentialName = credential == null ? hostId : Names.requireHostId("credential", credential);
        if (EnrolledHost.findById(hostId, LockModeType.PESSIMISTIC_WRITE) != null) {
            throw new RuleViolation(RuleViolation.Rule.HOST_ENROLLED, "Host '" + hostId + "' is enrolled already. To give it a new "
                    + "password: POST /api/v1/hosts/" + hostId + "/credential; to enrol it afresh, revoke it first (DELETE).");
        }
        boolean newCredential = EnrolledHost.sharing(credentialName).isEmpty();
        String password = newCredential ? HostEnrolment.newPassword() : null;
        EnrolledHost row = new EnrolledHost();
        row.hostId = hostId;
        row.credential = credentialName;
        row.enrolledAt = Instant.now();
        onKafka("enrol host " + hostId, admin -> {
            if (newCredential) {
                HostEnrolment.setPassword(admin, row.kafkaUser(), password);
            }
            HostEnrolment.grant(admin, hostId, credentialName);
        });
        row.persist();
        events.record(EventType.HostEnrolled, "Host", hostId, hostId, describe(row));
        LOG.infof("Host %s enrolled; its agent and nfs-service use the Kafka user %s", hostId, row.kafkaUser());
        return new Issued(row, password);
    }

    /**
     * A new password for the host's credential (and so for every host sharing it); the old one stops working.
     * The host's topics and grants are made again where missing, so a rotation also repairs a broker that
     * lost them (one started afresh beside this database).
     */
    @Transactional
    public Issued rotate(String hostId) {
        EnrolledHost row = require(hostId);
        String password = HostEnrolment.newPassword();
        onKafka("give host " + hostId + " a new password", admin -> {
            HostEnrolment.setPassword(admin, row.kafkaUser(), password);
            HostEnrolment.grant(admin, hostId, row.credential);
        });
        Map<String, Object> data = describe(row);
        data.put("sharedBy", hostsSharing(row.credential));
        events.record(EventType.HostCredentialRotated, "Host", hostId, hostId, data);
        return new Issued(row, password);
    }

    /**
     * The host may no longer read its commands or send anything: its grants go at once, and its
     * credential's password with the last host that used it. Its topics, and the inventory's record of
     * its storage, stay.
     */
    @Transactional
    public void revoke(String hostId) {
        EnrolledHost row = require(hostId);
        boolean lastUser = hostsSharing(row.credential).equals(List.of(hostId));
        onKafka("revoke host " + hostId, admin -> {
            HostEnrolment.revoke(admin, hostId, row.credential);
            if (lastUser) {
                HostEnrolment.removePassword(admin, row.kafkaUser());
            }
        });
        row.delete();
        events.record(EventType.HostCredentialRevoked, "Host", hostId, hostId, describe(row));
    }

    /** {@code hostId}'s enrolment, as it is now. */
    public EnrolledHost get(String hostId) {
        return requireFound(hostId, EnrolledHost.findById(hostId));
    }

    private EnrolledHost require(String hostId) {
        return requireFound(hostId, EnrolledHost.findById(hostId, LockModeType.PESSIMISTIC_WRITE));
    }

    private static EnrolledHost requireFound(String hostId, EnrolledHost row) {
        if (row == null) {
            throw new RuleViolation(RuleViolation.Rule.HOST_NOT_ENROLLED, "Host '" + hostId + "' is not enrolled: an admin enrols it "
                    + "with POST /api/v1/hosts {\"hostId\": \"" + hostId + "\"}.");
        }
        return row;
    }

    private static List<String> hostsSharing(String credential) {
        return EnrolledHost.<EnrolledHost>list("credential", Sort.by("hostId"),
                credential).stream().map(row -> row.hostId).toList();
    }

    private static Map<String, Object> describe(EnrolledHost row) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("credential", row.credential);
        data.put("kafkaUser", row.kafkaUser());
        return data;
    }

    private void onKafka(String what, Consumer<Admin> change) {
        try (Admin admin = kafka.admin("domstore-inventory-enrolment")) {
            change.accept(admin);
        } catch (IllegalStateException e) {
            throw new RuleViolation(RuleViolation.Rule.KAFKA_UNAVAILABLE, "Kafka did not let the inventory " + what + " (" + e.getMessage()
                    + "). Nothing was recorded; try again once the broker at " + kafka.bootstrapServers() + " answers.");
        }
    }
}
