package dev.domstore.problems;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.jboss.resteasy.reactive.RestResponse;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An RFC 7807 problem document. {@code type} is stable per broken rule; {@code detail} says what
 * to do instead; {@code field} names the request field at fault, when there is one.
 */
@Schema(name = "Problem", example = """
        {"type": "https://domstore.dev/problems/volume-attached-read-write", "title": "Volume is attached read-write elsewhere",
         "status": 409, "detail": "Volume vm1disk is attached read-write to domain 'vm1' as sda1; a block device written by one domain must not be used by another. Detach it there first, or share the data read-write over NFS instead.",
         "instance": "/api/v1/domains/vm2/disks/sda1"}""")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String instance, String field) {
    public static final String MEDIA_TYPE = "application/problem+json";
    public static final String TYPE_BASE = "https://domstore.dev/problems/";

    /** {@code slug} names the rule that was broken; {@code field} the request field at fault, or null. */
    public static Problem of(int status, String slug, String title, String detail, String instance, String field) {
        return new Problem(TYPE_BASE + slug, title, status, detail, instance, field);
    }

    /** This problem as the answer: its status, the problem media type, this document. */
    public RestResponse<Problem> toResponse() {
        return RestResponse.ResponseBuilder.<Problem>create(status).entity(this).type(MEDIA_TYPE).build();
    }
}
