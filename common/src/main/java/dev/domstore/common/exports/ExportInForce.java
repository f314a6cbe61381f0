package dev.domstore.common.exports;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One client of one export as the NFS server has it in force, read back from {@code exportfs -v}:
 * the path, the client as exportfs prints it ({@code <world>} is given as {@code *}) and the
 * options exportfs prints, in its order (defaults included: {@code sync,wdelay,hide,no_subtree_check,sec=sys,rw,secure,root_squash,no_all_squash}).
 */
public record ExportInForce(String path, String host, List<String> options) {

    public ExportInForce {
        options = options == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(options));
    }
}
