package dev.domstore.inventory.domain;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Converter;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import dev.domstore.security.Role;

/** A credential for the REST API: a name, a role, optionally an expiry and the hosts it is limited to. */
@Entity
@Table(name = "api_token")
public class ApiToken extends PanacheEntityBase {
    @Id
    public String name;
    @Convert(converter = RoleColumn.class)
    public Role role;
    @Column(name = "secret_sha256")
    public String secretSha256;
    /** Comma-separated; null for every host. */
    public String hosts;
    @Column(name = "expires_at")
    public Instant expiresAt;
    @Column(name = "created_at")
    public Instant createdAt;

    public static Optional<ApiToken> findBySecretHash(String sha256) {
        return find("secretSha256", sha256).firstResultOptional();
    }

    /** The hosts it is limited to; empty for every host. */
    public List<String> hostList() {
        return hosts == null ? List.of() : Arrays.asList(hosts.split(","));
    }

    public boolean expiredAt(Instant now) {
        return expiresAt != null && !now.isBefore(expiresAt);
    }

    /** Stored as the API writes it: viewer, operator, admin. */
    @Converter
    public static class RoleColumn implements AttributeConverter<Role, String> {
        @Override
        public String convertToDatabaseColumn(Role role) {
            return role == null ? null : role.roleName();
        }

        @Override
        public Role convertToEntityAttribute(String value) {
            return value == null ? null : Role.parse("role", value);
        }
    }
}
