package dev.domstore.common;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialDeletion;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.errors.ResourceNotFoundException;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * What enrolling a host does on Kafka, with an admin client: the host's topics, a SCRAM-SHA-512 user
 * for its agent and nfs-service, and that user's grants ({@link KafkaGrants#forHost}). The inventory
 * does it for {@code POST /api/v1/hosts}; tests without an inventory do the same through this class.
 * Each step may be repeated: a topic or grant that exists is left as it is.
 */
public final class HostEnrolment {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int SCRAM_ITERATIONS = 4096;
    private static final long TIMEOUT_SECONDS = 30;

    private HostEnrolment() {
    }

    /** A new random password for a host's user: 32 bytes, base64url. */
    public static String newPassword() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Makes {@code user}, or gives it a new password: the old one stops working for new connections at once. */
    public static void setPassword(Admin admin, String user, String password) {
        await(admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(user,
                new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, SCRAM_ITERATIONS), password))).all(), "set the password of " + user);
    }

    /** Removes {@code user}'s password: it can no longer connect. A user without one is left as it is. */
    public static void removePassword(Admin admin, String user) {
        try {
            admin.alterUserScramCredentials(List.of(new UserScramCredentialDeletion(user, ScramMechanism.SCRAM_SHA_512)))
                    .all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof ResourceNotFoundException)) {
                throw new IllegalStateException("Cannot remove the password of " + user + ": " + e.getCause().getMessage(), e.getCause());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Cannot remove the password of " + user + ": the broker did not answer", e);
        }
    }

    /** {@code hostId}'s topics (one partition each: a host's commands stay in order) and its user's grants. */
    public static void grant(Admin admin, String hostId, String credential) {
        createTopics(admin, Topics.PER_HOST.stream().map(family -> new NewTopic(Topics.ofHost(family, hostId), Optional.of(1), Optional.empty()))
                .toList());
        apply(admin, KafkaGrants.forHost(KafkaGrants.hostUser(credential), hostId));
    }

    /** Takes {@code hostId}'s grants from the user of {@code credential}; its topics stay, with what is on them. */
    public static void revoke(Admin admin, String hostId, String credential) {
        List<AclBindingFilter> filters = KafkaGrants.forHost(KafkaGrants.hostUser(credential), hostId).stream()
                .map(AclBinding::toFilter).toList();
        await(admin.deleteAcls(filters).all(), "revoke the grants of host " + hostId);
    }

    public static void apply(Admin admin, Collection<AclBinding> grants) {
        await(admin.createAcls(grants).all(), "grant " + grants.size() + " ACLs");
    }

    private static void createTopics(Admin admin, List<NewTopic> topics) {
        for (NewTopic topic : topics) {
            try {
                admin.createTopics(List.of(topic)).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException("Cannot create the topic " + topic.name() + ": " + e.getCause().getMessage(), e.getCause());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } catch (TimeoutException e) {
                throw new IllegalStateException("Cannot create the topic " + topic.name() + ": the broker did not answer", e);
            }
        }
    }

    private static void await(org.apache.kafka.common.KafkaFuture<?> future, String what) {
        try {
            future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Cannot " + what + ": " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Cannot " + what + ": the broker did not answer within " + TIMEOUT_SECONDS + " s", e);
        }
    }
}
