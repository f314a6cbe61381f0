package dev.domstore.problems;

import java.util.Collection;
import java.util.TreeSet;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

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

    /** Nothing is served at {@code path}; {@code detail} says why when more is known, or null: the path itself is unknown, or an id in it malformed. */
    public static Problem notFound(String path, String detail) {
        return of(404, "not-found", "Not found", detail != null ? detail
                : "There is nothing at " + path + ". Check the path, and that each id in it is well-formed (volume ids are UUIDs "
                        + "such as 0b8e8c4c-2f6a-4e1e-8d0e-5a1f9c3b7d02); the operations are listed at /q/openapi.", path, null);
    }

    /** {@code path} exists but does not take the request's method; {@code allowed} lists those it takes, when known. */
    public static Problem methodNotAllowed(String path, Collection<String> allowed) {
        return of(405, "method-not-allowed", "Method not allowed", path + " does not take this method"
                + (allowed.isEmpty() ? "" : "; it takes " + String.join(", ", new TreeSet<>(allowed)))
                + ". The operations are listed at /q/openapi.", path, null);
    }
}
