package dev.domstore.problems.rest;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.jackson.ObjectMapperCustomizer;

/**
 * A request body field the operation does not know is refused (400 {@code unknown-field}, naming it),
 * never silently ignored: a misspelt {@code forceRootToManyHosts} must not pass for its default.
 */
@Singleton
public class StrictRequestBodies implements ObjectMapperCustomizer {
    @Override
    public void customize(ObjectMapper mapper) {
        mapper.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }
}
