package dev.domstore.inventory.rest;

import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import io.quarkus.panache.common.Sort;

import dev.domstore.common.validation.InvalidInputException;
import dev.domstore.inventory.domain.AccessMode;
import dev.domstore.inventory.domain.Attachment;
import dev.domstore.inventory.domain.Volume;
import dev.domstore.inventory.domain.XenConfig;
import dev.domstore.inventory.domain.XenDomain;
import dev.domstore.inventory.security.Caller;
import dev.domstore.inventory.service.AttachmentService;
import dev.domstore.inventory.service.VolumeService;
import dev.domstore.problems.Problem;
import dev.domstore.security.Role;

@Path("/api/v1/domains")
@RolesAllowed(Role.VIEWER_NAME)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Domains", description = "Xen domains, their disks, and the configuration lines they yield")
public class DomainResource {
    @Inject
    AttachmentService attachments;
    @Inject
    VolumeService volumes;
    @Inject
    Caller caller;

    @Schema(name = "Domain", example = """
            {"name": "vm1", "createdAt": "2026-11-26T09:16:00Z",
             "disks": [{"domain": "vm1", "vdev": "sda1", "volumeId": "0b8e8c4c-2f6a-4e1e-8d0e-5a1f9c3b7d02", "mode": "w", "forced": false,
                        "xenDisk": "phy:vg/myvmdisk1,sda1,w", "attachedAt": "2026-11-26T09:16:00Z"}]}""")
    public record DomainResponse(String name, java.time.Instant createdAt, List<AttachmentResponse> disks, NfsRootResponse nfsRoot) {
    }

    /** The domain boots from an NFS root; {@code dhcp}, or the static address it uses to reach the server. */
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    public record NfsRootResponse(UUID volumeId, String nfsServer, String nfsRoot, boolean dhcp, String ip, String netmask, String gateway,
            String hostname) {
    }

    @Schema(name = "NfsRootRequest", example = "{\"volumeId\": \"…\", \"ip\": \"1.2.3.10\", \"netmask\": \"255.255.255.0\", \"gateway\": \"1.2.3.1\", \"hostname\": \"vm1\"}")
    public record NfsRootRequest(String volumeId, Boolean dhcp, String ip, String netmask, String gateway, String hostname) {
    }

    @PUT
    @Path("/{name}/nfs-root")
    @RolesAllowed(Role.OPERATOR_NAME)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Boot a domain from an NFS_ROOT volume", description = "root = '/dev/nfs' with nfs_server and nfs_root, and either "
            + "dhcp or a static ip/netmask/gateway/hostname. A root exported read-write serves one domain.")
    @APIResponse(responseCode = "200", description = "The domain, with its NFS root")
    @APIResponse(responseCode = "409", description = "The root is another domain's", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public DomainResponse setNfsRoot(@PathParam("name") String name, NfsRootRequest request) {
        if (request == null) {
            throw new InvalidInputException(InvalidInputException.Kind.FIELD, "body", "The request body is missing: send {\"volumeId\": \"…\", \"dhcp\": true}.");
        }
        UUID volumeId = parseVolumeId(request.volumeId());
        caller.requireHost(volumes.get(volumeId).hostId);
        return response(attachments.setNfsRoot(name, volumeId, new AttachmentService.BootNetwork(
                Boolean.TRUE.equals(request.dhcp()), request.ip(), request.netmask(), request.gateway(), request.hostname())));
    }

    @DELETE
    @Path("/{name}/nfs-root")
    @RolesAllowed(Role.OPERATOR_NAME)
    @Operation(summary = "Stop booting a domain from NFS")
    @APIResponse(responseCode = "204", description = "Removed")
    public RestResponse<Void> removeNfsRoot(@PathParam("name") String name) {
        attachments.nfsRootHost(name).ifPresent(caller::requireHost);
        attachments.removeNfsRoot(name);
        return RestResponse.noContent();
    }

    @GET
    @Operation(summary = "Domains with disks, by name")
    @APIResponse(responseCode = "200", description = "One page of domains")
    public Page<DomainResponse> list(@QueryParam("page") @DefaultValue("0") int page, @QueryParam("pageSize") @DefaultValue("50") int pageSize) {
        return Page.of(XenDomain.findAll(Sort.by("name")), page, pageSize, this::response);
    }

    @GET
    @Path("/{name}")
    @Operation(summary = "A domain and its disks")
    @APIResponse(responseCode = "200", description = "The domain")
    @APIResponse(responseCode = "404", description = "No such domain", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public DomainResponse get(@PathParam("name") String name) {
        return response(attachments.requireDomain(name));
    }

    @PUT
    @Path("/{name}/disks/{vdev}")
    @RolesAllowed(Role.OPERATOR_NAME)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Attach a volume to a domain as a virtual device",
            description = "Read-write is exclusive; read-only may be shared. Repeating the same attachment changes nothing.")
    @APIResponse(responseCode = "201", description = "Attached")
    @APIResponse(responseCode = "200", description = "Already attached so")
    @APIResponse(responseCode = "409", description = "A sharing rule refuses it", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public RestResponse<AttachmentResponse> attach(@PathParam("name") String name, @PathParam("vdev") String vdev, AttachRequest request) {
        if (request == null) {
            throw new InvalidInputException(InvalidInputException.Kind.FIELD, "body", "The request body is missing: send {\"volumeId\": \"…\", \"mode\": \"w\"}.");
        }
        UUID volumeId = parseVolumeId(request.volumeId());
        caller.requireAdminToForce(Boolean.TRUE.equals(request.force()), "force an attachment past a safety rule");
        caller.requireHost(volumes.get(volumeId).hostId);
        AttachmentService.Attached attached = attachments.attach(name, vdev, volumeId,
                AccessMode.fromLetter(request.mode()), Boolean.TRUE.equals(request.force()));
        AttachmentResponse body = AttachmentResponse.from(attached.attachment(), Volume.findById(attached.attachment().volumeId));
        return attached.created() ? RestResponse.status(RestResponse.Status.CREATED, body) : RestResponse.ok(body);
    }

    @DELETE
    @Path("/{name}/disks/{vdev}")
    @RolesAllowed(Role.OPERATOR_NAME)
    @Operation(summary = "Detach a virtual device from a domain")
    @APIResponse(responseCode = "204", description = "Detached")
    @APIResponse(responseCode = "404", description = "Nothing attached there", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public RestResponse<Void> detach(@PathParam("name") String name, @PathParam("vdev") String vdev) {
        attachments.attachmentHost(name, vdev).ifPresent(caller::requireHost);
        attachments.detach(name, vdev);
        return RestResponse.noContent();
    }

    @GET
    @Path("/{name}/config")
    @Produces(MediaType.TEXT_PLAIN)
    @Operation(summary = "The domain's storage configuration lines, as the Xen manual writes them",
            description = "text/plain (the default): the lines to paste into the domain's configuration file. application/json: the same "
                    + "lines and the fields they are made of.")
    @APIResponse(responseCode = "200", description = "Lines for the domain's configuration file",
            content = {@Content(mediaType = MediaType.TEXT_PLAIN, examples = @ExampleObject(name = "disks",
                    value = "disk = ['phy:vg/myvmdisk1,sda1,w', 'file:/var/lib/domstore/images/vm1disk,sda2,r']\n")),
                    @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DomainConfigResponse.class))})
    @APIResponse(responseCode = "404", description = "No such domain", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public String config(@PathParam("name") String name) {
        return attachments.config(name).text();
    }

    @GET
    @Path("/{name}/config")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(hidden = true)
    public DomainConfigResponse configAsJson(@PathParam("name") String name) {
        return DomainConfigResponse.of(name, attachments.config(name));
    }

    @Schema(name = "DomainConfig", example = """
            {"domain": "vm1", "lines": ["disk = ['phy:vg/myvmdisk1,sda1,w']"],
             "disks": [{"spec": "phy:vg/myvmdisk1", "vdev": "sda1", "mode": "w"}]}""")
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    public record DomainConfigResponse(String domain, List<String> lines, List<DiskEntry> disks, NfsRootEntry nfsRoot) {
        /** One entry of {@code disk = [...]}: the volume's Xen disk spec, the device the domain sees, r or w. */
        public record DiskEntry(String spec, String vdev, String mode) {
        }

        /** {@code root = '/dev/nfs'} and what follows it; {@code dhcp} or a static address. */
        @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
        public record NfsRootEntry(String nfsServer, String nfsRoot, boolean dhcp, String ip, String netmask, String gateway, String hostname) {
        }

        static DomainConfigResponse of(String domain, XenConfig config) {
            XenConfig.NfsRoot root = config.nfsRoot();
            return new DomainConfigResponse(domain, config.lines(),
                    config.disks().stream().map(disk -> new DiskEntry(disk.spec(), disk.vdev(), disk.mode().letter())).toList(),
                    root == null ? null : new NfsRootEntry(root.server(), root.root(), root.ip() == null, root.ip(), root.netmask(),
                            root.gateway(), root.hostname()));
        }
    }

    private DomainResponse response(XenDomain domain) {
        List<AttachmentResponse> disks = Attachment.ofDomain(domain.name).stream()
                .map(a -> AttachmentResponse.from(a, Volume.findById(a.volumeId)))
                .toList();
        NfsRootResponse nfsRoot = null;
        if (domain.nfsRootVolumeId != null) {
            Volume root = Volume.findById(domain.nfsRootVolumeId);
            nfsRoot = new NfsRootResponse(root.id, root.serverAddress, root.exportPath, domain.dhcp, domain.ip, domain.netmask, domain.gateway,
                    domain.hostname);
        }
        return new DomainResponse(domain.name, domain.createdAt, disks, nfsRoot);
    }

    private static UUID parseVolumeId(String volumeId) {
        try {
            return UUID.fromString(volumeId);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new InvalidInputException(InvalidInputException.Kind.FIELD, "volumeId",
                    "'volumeId' must be the id of a volume, such as 0b8e8c4c-2f6a-4e1e-8d0e-5a1f9c3b7d02; got '" + volumeId + "'.");
        }
    }
}
