package dev.domstore.problems.rest;

import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.Arrays;
import java.util.Optional;
import java.util.UUID;

import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.resteasy.reactive.server.SimpleResourceInfo;

import dev.domstore.problems.Problem;

/**
 * A path or query parameter the framework could not convert to its type, named. The framework says
 * only 404 (JAX-RS's rule for both); here a malformed path id stays a 404 that says which id is
 * malformed, and a malformed query parameter is a 400 that names it.
 */
final class ParameterProblems {
    private ParameterProblems() {
    }

    static Optional<Problem> explain(UriInfo uri, SimpleResourceInfo resource) {
        if (resource == null || resource.getResourceClass() == null) {
            return Optional.empty();
        }
        Method method;
        try {
            method = resource.getResourceClass().getMethod(resource.getMethodName(), resource.parameterTypes());
        } catch (NoSuchMethodException e) {
            return Optional.empty();
        }
        for (Parameter parameter : method.getParameters()) {
            PathParam path = parameter.getAnnotation(PathParam.class);
            if (path != null) {
                String value = uri.getPathParameters().getFirst(path.value());
                if (value != null && !converts(value, parameter.getType())) {
                    return Optional.of(Problem.of(404, "not-found", "Not found", "'" + value + "' is not a well-formed " + path.value()
                            + ": it must be " + JsonBodyProblems.describe(parameter.getType()) + ", so there is nothing at " + uri.getPath() + ".",
                            uri.getPath(), path.value()));
                }
            }
            QueryParam query = parameter.getAnnotation(QueryParam.class);
            if (query != null) {
                String value = uri.getQueryParameters().getFirst(query.value());
                if (value != null && !converts(value, parameter.getType())) {
                    return Optional.of(Problem.of(400, "invalid-parameter", "Invalid " + query.value(), "The query parameter '" + query.value()
                            + "' must be " + JsonBodyProblems.describe(parameter.getType()) + ", not '" + value + "'.", uri.getPath(), query.value()));
                }
            }
        }
        return Optional.empty();
    }

    /** Whether the framework can make a {@code type} of {@code value}, for the types resources take. */
    private static boolean converts(String value, Class<?> type) {
        try {
            if (type == int.class || type == Integer.class) {
                Integer.parseInt(value);
            } else if (type == long.class || type == Long.class) {
                Long.parseLong(value);
            } else if (type == UUID.class) {
                UUID.fromString(value);
            } else if (type.isEnum()) {
                return Arrays.stream(type.getEnumConstants()).anyMatch(constant -> constant.toString().equals(value));
            }
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
