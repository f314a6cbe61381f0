package dev.domstore.common.validation;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Names of volumes. Every name ends up as an argument of a host tool or a path component, so
 * it must never be read as an option ({@code -rf}) or escape its directory ({@code ../x}).
 */
public final class Names {
    /** Suffix of an image being made; a name with it could be mistaken for an unfinished image. */
    public static final String PARTIAL_SUFFIX = ".partial";

    private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]*");
    private static final int FILE_NAME_MAX = 128;

    /** lvm(8) "VALID NAMES": characters, length, reserved names and parts. */
    private static final Pattern LVM_NAME = Pattern.compile("[A-Za-z0-9+_.][A-Za-z0-9+_.-]*");
    private static final int LVM_NAME_MAX = 127;
    private static final List<String> LVM_RESERVED_PREFIXES = List.of("snapshot", "pvmove");
    private static final List<String> LVM_RESERVED_PARTS = List.of("_cdata", "_cmeta", "_corig", "_iorig", "_mimage",
            "_mlog", "_pmspare", "_rimage", "_rmeta", "_tdata", "_tmeta", "_vdata", "_vorigin", "_wcorig");

    /** Xen domain names as xl and xend accept them, narrowed to what is safe in a path and a config file. */
    private static final Pattern DOMAIN_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    /** Host ids name Kafka topics ({@code domstore.commands.<host>}): Kafka's topic characters, and the inventory's 64. */
    private static final Pattern HOST_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    /** Virtual block devices of a domain: IDE (hda), SCSI (sda1) and Xen (xvda) names, with an optional partition. */
    private static final Pattern VIRTUAL_DEVICE = Pattern.compile("(hd|sd|xvd)[a-z]{1,3}([1-9][0-9]?)?");

    private Names() {
    }

    /** A Xen domain's name. */
    public static String requireDomainName(String field, String name) {
        if (name == null || !DOMAIN_NAME.matcher(name).matches()) {
            throw invalid(field, "'" + name + "' is not a valid domain name: 1 to 64 letters, digits and . _ -, starting with a letter or digit, for example vm1.");
        }
        return name;
    }

    /** A host's id, as its agent reports it and as its Kafka topics are named. */
    public static String requireHostId(String field, String id) {
        if (id == null || !HOST_ID.matcher(id).matches()) {
            throw invalid(field, "'" + id + "' is not a valid host id: 1 to 64 letters, digits and . _ -, starting with a letter or digit, "
                    + "for example dom0-a (it names the host's Kafka topics).");
        }
        return id;
    }

    /** The device a domain sees a volume as, such as sda1, hda or xvda. */
    public static String requireVirtualDevice(String field, String vdev) {
        if (vdev == null || !VIRTUAL_DEVICE.matcher(vdev).matches()) {
            throw invalid(field, "'" + vdev + "' is not a virtual device name: use hdX, sdX or xvdX with an optional partition number, for example sda1, hda or xvda.");
        }
        return vdev;
    }

    /** A FILE volume's name: the image's file name under the host's image root. */
    public static String requireFileName(String field, String name) {
        requirePresent(field, name);
        if (name.length() > FILE_NAME_MAX) {
            throw invalid(field, "'" + field + "' is " + name.length() + " characters long; at most " + FILE_NAME_MAX + " are allowed.");
        }
        if (!FILE_NAME.matcher(name).matches()) {
            throw invalid(field, "'" + name + "' is not a valid image file name: start with a letter or digit, then use only "
                    + "letters, digits and . _ + - (no '/', no spaces), for example vm1disk.");
        }
        if (name.endsWith(PARTIAL_SUFFIX)) {
            throw invalid(field, "'" + name + "' ends with '" + PARTIAL_SUFFIX + "', which domstore reserves for images being made: choose another name.");
        }
        return name;
    }

    /** A logical volume or volume group name, by lvm(8)'s rules. */
    public static String requireLvmName(String field, String name) {
        requirePresent(field, name);
        if (name.length() > LVM_NAME_MAX) {
            throw invalid(field, "'" + field + "' is " + name.length() + " characters long; LVM allows at most " + LVM_NAME_MAX + ".");
        }
        if (name.equals(".") || name.equals("..")) {
            throw invalid(field, "'" + name + "' is reserved by LVM: choose another name.");
        }
        if (!LVM_NAME.matcher(name).matches()) {
            throw invalid(field, "'" + name + "' is not a valid LVM name: use only letters, digits and + _ . - and do not start with '-', for example myvmdisk1.");
        }
        for (String prefix : LVM_RESERVED_PREFIXES) {
            if (name.startsWith(prefix)) {
                throw invalid(field, "'" + name + "' starts with '" + prefix + "', which LVM reserves: choose another name.");
            }
        }
        for (String part : LVM_RESERVED_PARTS) {
            if (name.contains(part)) {
                throw invalid(field, "'" + name + "' contains '" + part + "', which LVM reserves for its internal volumes: choose another name.");
            }
        }
        return name;
    }

    private static void requirePresent(String field, String name) {
        if (name == null || name.isEmpty()) {
            throw invalid(field, "'" + field + "' is missing: give the volume a name such as vm1disk.");
        }
    }

    private static InvalidInputException invalid(String field, String message) {
        return new InvalidInputException(InvalidInputException.Kind.NAME, field, message);
    }
}
