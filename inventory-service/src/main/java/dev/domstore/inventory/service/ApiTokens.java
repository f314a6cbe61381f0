package dev.domstore.inventory.service;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import io.quarkus.panache.common.Sort;

import dev.domstore.common.events.EventType;
import dev.domstore.common.validation.InvalidInputException;
import dev.domstore.common.validation.Names;
import dev.domstore.inventory.domain.ApiToken;
import dev.domstore.inventory.domain.Host;
import dev.domstore.inventory.domain.RuleViolation;
import dev.domstore.security.Role;
import dev.domstore.security.Secrets;

/**
 * The REST API's credentials. A secret is 32 random bytes, shown once when its token is made; only its
 * SHA-256 is stored (a secret that random needs no slow hash), and a request's secret is found by it.
 */
@ApplicationScoped
public class ApiTokens {
    private static final Logger LOG = Logger.getLogger(ApiTokens.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String SECRET_PREFIX = "dst_";
    /** The first token's name, made by {@link #bootstrap}. */
    public static final String FIRST_ADMIN = "admin";

    @Inject
    DomainEvents events;

    /** A token just made, with the secret that will not be shown again. */
    public record Issued(ApiToken token, String secret) {
    }

    @Transactional
    public Issued create(String name, Role role, Instant expiresAt, List<String> hosts) {
        Names.requireFileName("name", name);
        if (expiresAt != null && !expiresAt.isAfter(Instant.now())) {
            throw new InvalidInputException(InvalidInputException.Kind.FIELD, "expiresAt",
                    "'expiresAt' is " + expiresAt + ", which has passed: give a time in the future (ISO-8601, such as 2027-01-01T00:00:00Z), or none.");
        }
        for (String host : hosts) {
            if (Host.findById(host) == null) {
                throw new RuleViolation(RuleViolation.Rule.UNKNOWN_HOST, "'hosts' names '" + host + "', which no agent has reported; "
                        + "GET /api/v1/hosts lists the hosts.");
            }
        }
        if (ApiToken.findById(name) != null) {
            throw new RuleViolation(RuleViolation.Rule.DUPLICATE_TOKEN, "A token named '" + name + "' exists; revoke it first "
                    + "(DELETE /api/v1/tokens/" + name + ") or choose another name.");
        }
        return issue(name, role, expiresAt, hosts, newSecret());
    }

    public ApiToken get(String name) {
        ApiToken token = ApiToken.findById(name);
        if (token == null) {
            throw new RuleViolation(RuleViolation.Rule.TOKEN_NOT_FOUND, "There is no token named '" + name + "'; GET /api/v1/tokens lists them.");
        }
        return token;
    }

    public List<ApiToken> list() {
        return ApiToken.listAll(Sort.by("name"));
    }

    @Transactional
    public void revoke(String name) {
        ApiToken token = get(name);
        token.delete();
        events.record(EventType.TokenRevoked, "Token", name, null, describe(token));
    }

    /** The token {@code secret} belongs to, unless it has expired. */
    @Transactional
    public Optional<ApiToken> authenticate(String secret) {
        return ApiToken.findBySecretHash(Secrets.sha256(secret)).filter(token -> !token.expiredAt(Instant.now()));
    }

    /**
     * The bootstrap credential: an admin token whose secret is in {@code file}.
     * <ul>
     * <li>The file exists and no token does (the first start, with a secret chosen beforehand): the admin
     * token {@value #FIRST_ADMIN} gets that secret.</li>
     * <li>The file exists and tokens do: nothing; a revoked bootstrap token stays revoked.</li>
     * <li>The file does not exist: a new admin token ({@value #FIRST_ADMIN}, or {@code admin-2}, … when that
     * name is taken) with a new secret, written there (mode 0600). This is the first start, or a checkout
     * whose database already has tokens it has no secret of; whoever can make that file is root on the
     * inventory's machine, who could reach the database anyway.</li>
     * </ul>
     */
    @Transactional
    public void bootstrap(Path file) {
        try {
            if (Files.exists(file)) {
                if (ApiToken.count() == 0) {
                    issue(FIRST_ADMIN, Role.ADMIN, null, List.of(), Files.readString(file, StandardCharsets.UTF_8).trim());
                    LOG.infof("Made the first admin token, '%s', with the secret in %s", FIRST_ADMIN, file);
                }
                return;
            }
            String secret = newSecret();
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path written = Files.createTempFile(file.toAbsolutePath().getParent(), ".admin", ".token",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(written, secret + "\n", StandardCharsets.UTF_8);
            String name = freeAdminName();
            issue(name, Role.ADMIN, null, List.of(), secret);
            Files.move(written, file, StandardCopyOption.ATOMIC_MOVE);
            LOG.infof("Made the admin token '%s'; its secret is in %s (there was no such file)", name, file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot make the bootstrap admin token in " + file + ": " + e.getMessage(), e);
        }
    }

    private static String freeAdminName() {
        String name = FIRST_ADMIN;
        for (int n = 2; ApiToken.findById(name) != null; n++) {
            name = FIRST_ADMIN + "-" + n;
        }
        return name;
    }

    private Issued issue(String name, Role role, Instant expiresAt, List<String> hosts, String secret) {
        ApiToken token = new ApiToken();
        token.name = name;
        token.role = role;
        token.secretSha256 = Secrets.sha256(secret);
        token.hosts = hosts.isEmpty() ? null : String.join(",", hosts);
        token.expiresAt = expiresAt;
        token.createdAt = Instant.now();
        token.persist();
        events.record(EventType.TokenCreated, "Token", name, null, describe(token));
        return new Issued(token, secret);
    }

    private static Map<String, Object> describe(ApiToken token) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("name", token.name);
        data.put("role", token.role.roleName());
        data.put("hosts", token.hostList());
        if (token.expiresAt != null) {
            data.put("expiresAt", token.expiresAt.toString());
        }
        return data;
    }

    private static String newSecret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return SECRET_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
