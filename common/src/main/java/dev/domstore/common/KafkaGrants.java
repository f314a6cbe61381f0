package dev.domstore.common;

import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * Who may do what on Kafka, as ACLs for Kafka's own authorizer. Nothing is allowed that is not
 * granted here; the inventory is a super user (it enrols hosts: their users, topics and grants).
 * <ul>
 * <li>A host's user (its agent and nfs-service, which run as root on the same dom0) reads that host's
 * commands and writes that host's results and reports, plus snapshot usage; nothing of another host.</li>
 * <li>The snapshot-guard reads usage, every host's reports and the snapshots' policies, and writes
 * extend requests.</li>
 * </ul>
 * Nobody but the inventory writes commands, events or guard policies.
 */
public final class KafkaGrants {
    /** A host user's name: {@code host.<credential>}; the credential is the host's id unless several hosts share one. */
    public static final String HOST_USER_PREFIX = "host.";
    /** The consumer groups of the snapshot-guard's instances start with this. */
    public static final String GUARD_GROUP_PREFIX = "domstore-snapshot-guard";

    private KafkaGrants() {
    }

    public static String hostUser(String credential) {
        return HOST_USER_PREFIX + credential;
    }

    /** The consumer group of the agent that logs in as {@code user} (its application.properties says the same). */
    public static String agentGroup(String user) {
        return "domstore-agent-" + user;
    }

    /** The consumer group of the nfs-service that logs in as {@code user}. */
    public static String nfsGroup(String user) {
        return "domstore-nfs-" + user;
    }

    /** What {@code user} may do for host {@code hostId}. */
    public static List<AclBinding> forHost(String user, String hostId) {
        List<AclBinding> grants = new ArrayList<>();
        grants.add(topic(user, Topics.ofHost(Topics.COMMANDS, hostId), AclOperation.READ));
        for (String family : List.of(Topics.RESULTS, Topics.HOST_REPORTS, Topics.EXPORT_REPORTS)) {
            grants.add(topic(user, Topics.ofHost(family, hostId), AclOperation.WRITE));
        }
        grants.add(topic(user, Topics.SNAPSHOT_USAGE, AclOperation.WRITE));
        grants.add(group(user, agentGroup(user), PatternType.LITERAL));
        grants.add(group(user, nfsGroup(user), PatternType.LITERAL));
        return grants;
    }

    /** What the snapshot-guard's user may do. It makes its own topics when they are missing. */
    public static List<AclBinding> forGuard(String user) {
        List<AclBinding> grants = new ArrayList<>();
        for (String topic : List.of(Topics.SNAPSHOT_USAGE, Topics.GUARD_POLICIES, Topics.EXTEND_REQUESTS)) {
            grants.add(topic(user, topic, AclOperation.READ));
            grants.add(topic(user, topic, AclOperation.CREATE));
            grants.add(topic(user, topic, AclOperation.DESCRIBE_CONFIGS));
        }
        grants.add(topic(user, Topics.EXTEND_REQUESTS, AclOperation.WRITE));
        grants.add(new AclBinding(new ResourcePattern(ResourceType.TOPIC, Topics.HOST_REPORTS + ".", PatternType.PREFIXED),
                allow(user, AclOperation.READ)));
        grants.add(group(user, GUARD_GROUP_PREFIX, PatternType.PREFIXED));
        return grants;
    }

    private static AclBinding topic(String user, String topic, AclOperation operation) {
        return new AclBinding(new ResourcePattern(ResourceType.TOPIC, topic, PatternType.LITERAL), allow(user, operation));
    }

    private static AclBinding group(String user, String group, PatternType pattern) {
        return new AclBinding(new ResourcePattern(ResourceType.GROUP, group, pattern), allow(user, AclOperation.READ));
    }

    private static AccessControlEntry allow(String user, AclOperation operation) {
        return new AccessControlEntry("User:" + user, "*", operation, AclPermissionType.ALLOW);
    }
}
