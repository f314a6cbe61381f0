package dev.domstore.security;

import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import dev.domstore.common.validation.InvalidInputException;

/**
 * What a token may do, each role everything the one before it may: a viewer reads; an operator also
 * creates, grows and snapshots volumes, attaches and detaches them, and sets guard policies; an admin
 * also deletes, forces what a safety rule would refuse, and manages tokens.
 */
public enum Role {
    VIEWER, OPERATOR, ADMIN;

    /** The names {@code @RolesAllowed} uses. */
    public static final String VIEWER_NAME = "viewer";
    public static final String OPERATOR_NAME = "operator";
    public static final String ADMIN_NAME = "admin";

    public String roleName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** This role and every role below it: what a token of this role is granted. */
    public Set<String> granted() {
        return Arrays.stream(values()).filter(role -> role.ordinal() <= ordinal()).map(Role::roleName).collect(Collectors.toSet());
    }

    public static Role parse(String field, String value) {
        return Arrays.stream(values()).filter(role -> role.roleName().equals(value)).findFirst()
                .orElseThrow(() -> new InvalidInputException(InvalidInputException.Kind.FIELD, field,
                        "'" + field + "' must be viewer, operator or admin; got '" + value + "'."));
    }
}
