package dev.domstore.inventory.service;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import dev.domstore.common.lvm.Extents;
import dev.domstore.common.messages.HostReport;
import dev.domstore.common.validation.Sizes;
import dev.domstore.inventory.domain.Capacity;
import dev.domstore.inventory.domain.Host;
import dev.domstore.inventory.domain.RuleViolation;
import dev.domstore.inventory.domain.RuleViolation.Rule;
import dev.domstore.inventory.domain.Volume;
import dev.domstore.inventory.domain.VolumeGroupRow;

/**
 * Where a volume goes and whether it fits. Every decision is made with the host's row locked,
 * so concurrent requests for one host are decided one after the other against the same figures
 * and can never over-commit it together.
 */
@ApplicationScoped
public class CapacityService {
    /** "placement" in ASCII: serialises automatic placements, which lock several host rows in turn, so they cannot deadlock each other. */
    private static final long PLACEMENT_LOCK_KEY = 0x706c6163656d656eL;

    @Inject
    EntityManager entityManager;

    /** The host (locked) and, for LVM kinds, the volume group a volume is placed in. */
    public record Placement(Host host, String volumeGroup) {
    }

    /** A FILE volume of {@code sizeBytes}: on {@code hostId}, or on the host whose image root can promise the most. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Placement placeFile(String hostId, long sizeBytes) {
        if (hostId != null) {
            Host host = lock(hostId);
            requireImageRootSpace(host, sizeBytes);
            return new Placement(host, null);
        }
        lockPlacement();
        List<Host> ranked = Host.<Host>listAll().stream()
                .sorted(Comparator.comparing((Host h) -> h.simulated).thenComparing(h -> -imageRootAvailable(h)))
                .toList();
        for (Host candidate : ranked) {
            Host host = lock(candidate.id);
            if (imageRootAvailable(host) >= sizeBytes) {
                return new Placement(host, null);
            }
        }
        throw noPlaceFor("a " + Sizes.format(sizeBytes) + " image", ranked.isEmpty());
    }

    /** An LVM volume: in {@code volumeGroup} of {@code hostId} when given, else where most space is free. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Placement placeLogicalVolume(String hostId, String volumeGroup, long sizeBytes) {
        if (hostId != null && volumeGroup != null) {
            Host host = lock(hostId);
            requireVolumeGroupSpace(host, volumeGroup, sizeBytes);
            return new Placement(host, volumeGroup);
        }
        if (hostId == null) {
            lockPlacement();
        }
        List<Candidate> ranked = new ArrayList<>();
        for (Host host : hostId != null ? List.of(lock(hostId)) : Host.<Host>listAll()) {
            for (VolumeGroupRow vg : VolumeGroupRow.ofHost(host.id)) {
                if (volumeGroup == null || vg.name.equals(volumeGroup)) {
                    ranked.add(new Candidate(host, vg.name, volumeGroupAvailable(host, vg)));
                }
            }
        }
        ranked.sort(Comparator.comparing((Candidate c) -> c.host().simulated).thenComparing(c -> -c.available()));
        for (Candidate candidate : ranked) {
            Host host = lock(candidate.host().id);
            Optional<VolumeGroupRow> vg = VolumeGroupRow.ofHost(host.id).stream().filter(g -> g.name.equals(candidate.volumeGroup())).findFirst();
            if (vg.isPresent() && volumeGroupAvailable(host, vg.get()) >= Extents.roundUp(sizeBytes, vg.get().extentSizeBytes)) {
                return new Placement(host, candidate.volumeGroup());
            }
        }
        if (hostId != null && ranked.isEmpty()) {
            throw new RuleViolation(Rule.UNKNOWN_VOLUME_GROUP, "Host '" + hostId + "' reports no volume group"
                    + (volumeGroup == null ? "" : " named '" + volumeGroup + "'") + "; create one with pvcreate and vgcreate, or pick another host.");
        }
        throw noPlaceFor("a " + Sizes.format(sizeBytes) + " logical volume" + (volumeGroup == null ? "" : " in a volume group named '" + volumeGroup + "'"),
                ranked.isEmpty());
    }

    /** Refuses unless {@code volumeGroup} of the (locked) host can give {@code bytes} more. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void requireVolumeGroupSpace(Host host, String volumeGroup, long bytes) {
        VolumeGroupRow vg = VolumeGroupRow.ofHost(host.id).stream().filter(g -> g.name.equals(volumeGroup)).findFirst()
                .orElseThrow(() -> new RuleViolation(Rule.UNKNOWN_VOLUME_GROUP, "Host '" + host.id + "' reports no volume group '" + volumeGroup
                        + "'; it reports " + VolumeGroupRow.ofHost(host.id).stream().map(g -> g.name).toList()
                        + ". Use one of those, or create it on the host with vgcreate."));
        long available = volumeGroupAvailable(host, vg);
        long needed = Extents.roundUp(bytes, vg.extentSizeBytes);
        if (needed > available) {
            throw new RuleViolation(Rule.INSUFFICIENT_CAPACITY, "Volume group '" + volumeGroup + "' on host '" + host.id + "' can give "
                    + Sizes.format(Math.max(0, available)) + " (" + Math.max(0, available) + " bytes) more, counting what domstore has already promised; "
                    + Sizes.format(needed) + " were asked. Ask for less, free space in the group, or add a physical volume with vgextend.");
        }
    }

    /** The extent size {@code volumeGroup} of the host reports; 0 (no rounding) when it reports no such group. */
    @Transactional(Transactional.TxType.MANDATORY)
    public long extentSize(Host host, String volumeGroup) {
        return VolumeGroupRow.ofHost(host.id).stream().filter(g -> g.name.equals(volumeGroup)).findFirst().map(g -> g.extentSizeBytes).orElse(0L);
    }

    /** What {@code volumeGroup} of the (locked) host can still give, in whole extents; 0 when it reports no such group. */
    @Transactional(Transactional.TxType.MANDATORY)
    public long volumeGroupAvailable(Host host, String volumeGroup) {
        return VolumeGroupRow.ofHost(host.id).stream().filter(g -> g.name.equals(volumeGroup)).findFirst()
                .map(vg -> {
                    long available = Math.max(0, volumeGroupAvailable(host, vg));
                    return vg.extentSizeBytes > 0 ? available / vg.extentSizeBytes * vg.extentSizeBytes : available;
                })
                .orElse(0L);
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void requireImageRootSpace(Host host, long bytes) {
        long available = imageRootAvailable(host);
        if (bytes > available) {
            throw new RuleViolation(Rule.INSUFFICIENT_CAPACITY, "The image root " + host.imageRoot + " on host '" + host.id + "' can promise "
                    + Sizes.format(Math.max(0, available)) + " (" + Math.max(0, available) + " bytes) more: its free space less what existing images may still grow into. "
                    + Sizes.format(bytes) + " were asked. Ask for less, or free space there.");
        }
    }

    /** The host's row, locked for the rest of the transaction. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Host lock(String hostId) {
        Host host = Host.findById(hostId, LockModeType.PESSIMISTIC_WRITE);
        if (host == null) {
            throw new RuleViolation(Rule.UNKNOWN_HOST, "Host '" + hostId + "' is not known: a host appears once its "
                    + "provisioning-agent has reported. Check the agent runs with that host id, or pick one from GET /api/v1/hosts.");
        }
        return host;
    }

    public long volumeGroupAvailable(Host host, VolumeGroupRow vg) {
        List<HostReport.LogicalVolume> reported = host.report().logicalVolumes().stream()
                .filter(lv -> vg.name.equals(lv.volumeGroup())).toList();
        return Capacity.volumeGroupAvailable(vg.asReported(), reported, Volume.volumeGroupClaimsOnHost(host.id, vg.name));
    }

    public long imageRootAvailable(Host host) {
        return Capacity.imageRootAvailable(host.imageRootFreeBytes, host.report().images(), Volume.imageClaimsOnHost(host.id));
    }

    private void lockPlacement() {
        entityManager.createNativeQuery("SELECT pg_advisory_xact_lock(?1)").setParameter(1, PLACEMENT_LOCK_KEY).getSingleResult();
    }

    private record Candidate(Host host, String volumeGroup, long available) {
    }

    private static RuleViolation noPlaceFor(String what, boolean noCandidates) {
        if (noCandidates) {
            return new RuleViolation(Rule.INSUFFICIENT_CAPACITY, "No host can hold " + what + ": none has reported the storage it needs. "
                    + "Start a provisioning-agent on a host with that storage, or name a host with 'hostId'.");
        }
        return new RuleViolation(Rule.INSUFFICIENT_CAPACITY, "No host has room for " + what + ", counting what domstore has already promised. "
                + "Ask for less, or free space on a host (GET /api/v1/hosts shows each one's figures).");
    }
}
