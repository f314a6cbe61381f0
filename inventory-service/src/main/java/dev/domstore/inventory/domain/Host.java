package dev.domstore.inventory.domain;

import java.time.Instant;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import dev.domstore.common.messages.HostReport;
import dev.domstore.common.messages.MessageCodec;

/** A host (dom0) as its agent last reported it. Hosts are never created by the API: they report. */
@Entity
@Table(name = "host")
public class Host extends PanacheEntityBase {
    @Id
    public String id;
    public String hostname;
    @Column(name = "image_root")
    public String imageRoot;
    @Column(name = "image_root_free_bytes")
    public long imageRootFreeBytes;
    @Column(name = "loop_devices_in_use")
    public int loopDevicesInUse;
    @Column(name = "loop_device_limit")
    public int loopDeviceLimit;
    public boolean simulated;
    @Column(name = "first_seen_at")
    public Instant firstSeenAt;
    @Column(name = "last_report_at")
    public Instant lastReportAt;
    /** The last report as received, JSON: its lists (LVs, loop devices, block devices, images) are read from here. */
    @Column(name = "last_report")
    public String lastReport;
    /** Where this host's nfs-service may create export directories, as it last reported; null when it never did. */
    @Column(name = "nfs_export_root")
    public String nfsExportRoot;
    /** The revision of the last export set sent to this host's nfs-service. */
    @Column(name = "nfs_exports_revision")
    public long nfsExportsRevision;

    /** Applies a report; an older report than the one already applied changes nothing. */
    public boolean apply(HostReport report) {
        if (lastReportAt != null && report.occurredAt().isBefore(lastReportAt)) {
            return false;
        }
        hostname = report.hostname();
        imageRoot = report.imageRoot();
        imageRootFreeBytes = report.imageRootFreeBytes();
        loopDevicesInUse = report.loopDevicesInUse();
        loopDeviceLimit = report.loopDeviceLimit();
        simulated = report.simulated();
        lastReportAt = report.occurredAt();
        lastReport = MessageCodec.toJson(report);
        if (firstSeenAt == null) {
            firstSeenAt = report.occurredAt();
        }
        return true;
    }

    /** The last report, or an empty one for a host that reported before reports carried lists. */
    public HostReport report() {
        if (lastReport == null) {
            return HostReport.basic(null, id, hostname, lastReportAt, imageRoot, imageRootFreeBytes, loopDevicesInUse, loopDeviceLimit, simulated);
        }
        return MessageCodec.fromJson(lastReport, HostReport.class);
    }
}
