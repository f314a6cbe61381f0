package dev.domstore.agent.lvm;

/** One PV as {@code pvs} reports it; {@code volumeGroup} is empty for a PV in no VG. */
public record PhysicalVolumeInfo(String name, String volumeGroup, long sizeBytes, long freeBytes) {
}
