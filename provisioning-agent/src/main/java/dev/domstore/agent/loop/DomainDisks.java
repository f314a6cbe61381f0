package dev.domstore.agent.loop;

import java.util.Set;

/** What the running domains use as disks: backing files and device nodes, as their toolstack recorded them. */
public interface DomainDisks {
    /** No domains (not a Xen dom0, or a test). */
    DomainDisks NONE = Set::of;

    /** Paths of the files and devices that some domain's disk is backed by. */
    Set<String> inUse();
}
