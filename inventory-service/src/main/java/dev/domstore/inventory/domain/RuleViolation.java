package dev.domstore.inventory.domain;

/**
 * A request the inventory refuses. Each rule has a stable problem type and HTTP status; the
 * message tells the caller what to do instead. Nothing is written when one is thrown.
 */
public class RuleViolation extends RuntimeException {

    public enum Rule {
        UNKNOWN_HOST(422, "unknown-host", "Unknown host"),
        DUPLICATE_NAME(409, "duplicate-name", "Name already in use on this host"),
        VOLUME_NOT_FOUND(404, "volume-not-found", "No such volume"),
        HOST_NOT_FOUND(404, "host-not-found", "No such host"),
        VOLUME_DELETED(409, "volume-deleted", "Volume already deleted"),
        DOMAIN_NOT_FOUND(404, "domain-not-found", "No such domain"),
        ATTACHMENT_NOT_FOUND(404, "attachment-not-found", "Nothing attached there"),
        VOLUME_NOT_AVAILABLE(409, "volume-not-available", "Volume is not available"),
        VDEV_IN_USE(409, "vdev-in-use", "Virtual device already in use"),
        NOT_ATTACHABLE(422, "not-attachable", "Volume cannot be attached as a disk"),
        /** Rule 1: read-write means exclusive. */
        VOLUME_ATTACHED_READ_WRITE(409, "volume-attached-read-write", "Volume is attached read-write elsewhere"),
        /** Rule 1: no read-write attachment while others read it. */
        VOLUME_SHARED_READ_ONLY(409, "volume-shared-read-only", "Volume is shared read-only"),
        /** Rule 3: each file-backed attachment takes a loop device when its domain starts. */
        LOOP_DEVICES_EXHAUSTED(409, "loop-devices-exhausted", "No loop device left on the host"),
        VOLUME_ATTACHED(409, "volume-attached", "Volume is attached to a domain"),
        IDEMPOTENCY_KEY_REUSED(422, "idempotency-key-reused", "Idempotency-Key reused with another request"),
        IDEMPOTENCY_KEY_IN_FLIGHT(409, "idempotency-key-in-flight", "Same Idempotency-Key in flight"),
        /** Rule 5: nothing is accepted that the host's capacity cannot hold. */
        INSUFFICIENT_CAPACITY(409, "insufficient-capacity", "Not enough free capacity"),
        UNKNOWN_VOLUME_GROUP(422, "unknown-volume-group", "Unknown volume group"),
        INVALID_ORIGIN(422, "invalid-origin", "Origin cannot be snapshotted"),
        /** Rule 5: a differences area never needs to be larger than its origin. */
        SNAPSHOT_LARGER_THAN_ORIGIN(422, "snapshot-larger-than-origin", "Snapshot larger than its origin"),
        /** Rules 3 and 5: the origin of clones stays pristine, and cannot go while they exist. */
        ORIGIN_HAS_SNAPSHOTS(409, "origin-has-snapshots", "Volume is the origin of snapshots"),
        ORIGIN_IN_USE(409, "origin-in-use", "Origin is attached read-write"),
        /** Rule 2: xend's own check, made cluster-wide. */
        DEVICE_MOUNTED_IN_DOM0(409, "device-mounted-in-dom0", "Device is mounted read-write in dom0"),
        DEVICE_ALREADY_REGISTERED(409, "device-already-registered", "Device already registered"),
        NOT_EXTENDABLE(422, "not-extendable", "Volume cannot be extended"),
        SHRINK_REFUSED(422, "shrink-refused", "Volumes are never shrunk"),
        VOLUME_BUSY(409, "volume-busy", "Another operation is in progress"),
        NOT_AN_NFS_ROOT(422, "not-an-nfs-root", "Volume is not an NFS root"),
        /** The snapshot-guard watches copy-on-write snapshots only: other volumes have no guard policy. */
        NOT_A_SNAPSHOT(422, "not-a-snapshot", "Volume is not a snapshot"),
        /** A root directory exported read-write serves one domain, as a block device written by one domain does. */
        NFS_ROOT_IN_USE(409, "nfs-root-in-use", "NFS root is another domain's"),
        TOKEN_NOT_FOUND(404, "token-not-found", "No such token"),
        HOST_ENROLLED(409, "host-enrolled", "Host is enrolled"),
        HOST_NOT_ENROLLED(404, "host-not-enrolled", "Host is not enrolled"),
        /** Kafka did not take a change of who may use it; nothing was recorded. */
        KAFKA_UNAVAILABLE(503, "kafka-unavailable", "Kafka did not answer"),
        DUPLICATE_TOKEN(409, "duplicate-token", "A token of that name exists"),
        /** The caller's token may not do this: too little role, or limited to other hosts. */
        FORBIDDEN(403, "forbidden", "Not allowed with this token");

        private final int status;
        private final String slug;
        private final String title;

        Rule(int status, String slug, String title) {
            this.status = status;
            this.slug = slug;
            this.title = title;
        }

        public int status() {
            return status;
        }

        public String slug() {
            return slug;
        }

        public String title() {
            return title;
        }
    }

    private final Rule rule;

    public RuleViolation(Rule rule, String message) {
        super(message);
        this.rule = rule;
    }

    public Rule rule() {
        return rule;
    }
}
