package dev.domstore.inventory.rest;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.domstore.common.events.DomainEvent;
import dev.domstore.common.validation.InvalidInputException;
import dev.domstore.inventory.domain.StoredEvent;
import dev.domstore.inventory.service.DomainEvents;
import dev.domstore.security.Role;

@Path("/api/v1/events")
@RolesAllowed(Role.VIEWER_NAME)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Events", description = "The audit stream, as also published on domstore.events")
public class EventResource {
    public static final int MAX_LIMIT = 1000;

    @Inject
    DomainEvents events;

    /** A slice of the stream and the cursor to ask for the next one. */
    @Schema(name = "EventSlice", example = """
            {"items": [{"type": "DomainEvent", "version": 1, "eventId": "5c0f3d7e-8b1a-4c2e-9d4f-6a7b8c9d0e1f", "sequence": 42,
              "eventType": "VolumeAttached", "aggregateType": "Volume", "aggregateId": "0b8e8c4c-2f6a-4e1e-8d0e-5a1f9c3b7d02",
              "hostId": "dom0-a", "occurredAt": "2026-11-26T09:16:00Z", "actor": {"name": "ci-lab01", "role": "operator"},
              "data": {"name": "vm1disk", "kind": "FILE", "state": "AVAILABLE", "domain": "vm1", "vdev": "sda1", "mode": "w", "forced": false}}],
             "nextAfter": 42}""")
    public record EventSlice(List<DomainEvent> items, long nextAfter) {
    }

    @GET
    @Operation(summary = "Events in order, after a sequence number",
            description = "Read the whole history by following nextAfter until items is empty.")
    @APIResponse(responseCode = "200", description = "Up to limit events with a sequence above after")
    public EventSlice list(
            @Parameter(description = "Only the events of this volume id or host id") @QueryParam("aggregateId") String aggregateId,
            @Parameter(description = "Only the changes this actor made: a token's name, or system:<service> (system:snapshot-guard, "
                    + "system:provisioning-agent, system:nfs-service, system:inventory)") @QueryParam("actor") String actor,
            @Parameter(description = "Sequence number of the last event already read; 0 for the beginning") @QueryParam("after") @DefaultValue("0") long after,
            @QueryParam("limit") @DefaultValue("100") int limit) {
        if (after < 0) {
            throw new InvalidInputException(InvalidInputException.Kind.FIELD, "after", "'after' is a sequence number, 0 or more; got " + after + ".");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidInputException(InvalidInputException.Kind.FIELD, "limit", "'limit' must be between 1 and " + MAX_LIMIT + "; got " + limit + ".");
        }
        List<String> conditions = new ArrayList<>(List.of("sequence > :after"));
        Map<String, Object> parameters = new HashMap<>(Map.of("after", after));
        if (aggregateId != null && !aggregateId.isBlank()) {
            conditions.add("aggregateId = :aggregateId");
            parameters.put("aggregateId", aggregateId);
        }
        if (actor != null && !actor.isBlank()) {
            conditions.add("actor = :actor");
            parameters.put("actor", actor);
        }
        List<DomainEvent> items = StoredEvent.<StoredEvent>find(String.join(" and ", conditions) + " order by sequence", parameters)
                .page(0, limit).list().stream().map(events::toEvent).toList();
        return new EventSlice(items, items.isEmpty() ? after : items.get(items.size() - 1).sequence());
    }
}
