package dev.domstore.systemtest;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.domstore.testsupport.KafkaAccess;
import dev.domstore.testsupport.Prerequisites;
import dev.domstore.testsupport.ServiceProcess;
import dev.domstore.testsupport.TempDirs;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * The whole stack as it runs in production: a real PostgreSQL, a real Kafka broker and the four
 * packaged services, each in its own JVM. A FILE volume is asked for through the inventory's REST
 * API, made for real by the provisioning agent (sparse image, loop device, mkfs), then deleted;
 * and an LVM volume on a volume group built on a loop-backed PV (LVM's metadata-only mode: this
 * kernel has no device-mapper) is removed behind domstore's back and a tagged LV made by hand, and
 * the drift shows through the API. Needs root (loop devices); says so and is skipped otherwise.
 */
class PackagedServicesSystemTest {
    private static final String HOST_ID = "systest-host";
    private static final long TWO_GIB = 2L * 1024 * 1024 * 1024;
    private static final Duration HEALTH_TIMEOUT = SystemStack.HEALTH_TIMEOUT;

    private static SystemStack stack;
    private static Path imageRoot;
    private static Path nfsDir;
    private static Path agentState;
    private static Path physicalVolumeDir;
    private static String physicalVolumeLoop;
    private static final String VOLUME_GROUP = "dssys" + Long.toHexString(System.nanoTime() & 0xffffff);
    private static final int SIMULATED_HOSTS = 4;
    /** Bytes per second into each simulated snapshot. */
    private static final long SIMULATED_WRITE_RATE = 2L << 20;
    private static ServiceProcess inventory;
    private static ServiceProcess guard;
    private static Path simulatedAgentState;

    @BeforeAll
    static void startTheStack() {
        Prerequisites.requireLoopDevices(PackagedServicesSystemTest.class, "the provisioning agent's losetup and mount");
        stack = SystemStack.start("PackagedServicesSystemTest");
        imageRoot = TempDirs.create("systest-images");
        nfsDir = TempDirs.create("systest-nfs");
        agentState = TempDirs.create("systest-agent-state");
        simulatedAgentState = TempDirs.create("systest-simulated-agent-state");
        physicalVolumeDir = TempDirs.create("systest-pv");
        createVolumeGroup();

        inventory = stack.launchInventory(Map.of());
        guard = stack.launchGuard("snapshot-guard", Map.of());
        // The hosts' agents and nfs-service log in with what their enrolment gave them: the inventory must be up first.
        inventory.awaitHealthy(HEALTH_TIMEOUT);
        KafkaAccess nfsServer = stack.enrol(inventory, "systest-nfs", List.of("systest-nfs"));
        KafkaAccess thisHost = stack.enrol(inventory, HOST_ID, List.of(HOST_ID));
        KafkaAccess simulatedHosts = stack.enrol(inventory, "sim", IntStream.rangeClosed(1, SIMULATED_HOSTS)
                .mapToObj(i -> String.format("sim-%02d", i)).toList());
        // Its own exports file, export root and state in a temp dir: a test never touches /etc/exports.d.
        ServiceProcess nfs = stack.launch("nfs-service", "nfs-service", nfsServer, Map.of(
                "DOMSTORE_NFS_HOST_ID", "systest-nfs",
                "DOMSTORE_NFS_EXPORTS_FILE", nfsDir.resolve("domstore.exports").toString(),
                "DOMSTORE_NFS_EXPORT_ROOT", nfsDir.resolve("exports").toString(),
                "DOMSTORE_NFS_STATE_FILE", nfsDir.resolve("applied-exports.json").toString()));
        stack.launch("provisioning-agent", "provisioning-agent", thisHost, Map.of(
                "DOMSTORE_AGENT_HOST_ID", HOST_ID,
                "DOMSTORE_AGENT_IMAGE_ROOT", imageRoot.toString(),
                "DOMSTORE_AGENT_REPORT_INTERVAL", "2s",
                "DOMSTORE_AGENT_STATE_DIR", agentState.toString(),
                "DOMSTORE_AGENT_LVM_METADATA_ONLY", "true"));
        stack.launch("provisioning-agent", "simulated-agent", simulatedHosts, Map.of(
                "DOMSTORE_AGENT_HOST_ID", "sim",
                "DOMSTORE_AGENT_MODE", "simulated",
                "DOMSTORE_AGENT_SIMULATED_HOSTS", Integer.toString(SIMULATED_HOSTS),
                "DOMSTORE_AGENT_SIMULATED_WRITE_RATE", Long.toString(SIMULATED_WRITE_RATE),
                "DOMSTORE_AGENT_REPORT_INTERVAL", "2s",
                "DOMSTORE_AGENT_STATE_DIR", simulatedAgentState.toString()));
        System.out.println("PackagedServicesSystemTest: metadata-only LVM on volume group " + VOLUME_GROUP
                + ": this kernel has no device-mapper; activation, mkfs on LVs and snapshots are tested in the lab");
        // Launched together, awaited in turn: the JVMs start in parallel.
        for (ServiceProcess service : stack.services()) {
            if (service == nfs && !nfsServerHere()) {
                System.out.println("PackagedServicesSystemTest: this machine has no NFS server (no exportfs): nfs-service "
                        + "is only required to be live, not ready");
                service.awaitLive(HEALTH_TIMEOUT);
            } else {
                service.awaitHealthy(HEALTH_TIMEOUT);
            }
        }
    }

    @AfterAll
    static void stopTheStack() {
        List<Throwable> problems = new ArrayList<>();
        if (stack != null) {
            run(problems, stack::close);
        }
        if (imageRoot != null) {
            run(problems, () -> detachLoopDevicesUnder(imageRoot));
            run(problems, () -> TempDirs.deleteRecursively(imageRoot));
        }
        if (nfsDir != null) {
            run(problems, () -> TempDirs.deleteRecursively(nfsDir));
        }
        if (agentState != null) {
            run(problems, () -> TempDirs.deleteRecursively(agentState));
        }
        if (simulatedAgentState != null) {
            run(problems, () -> TempDirs.deleteRecursively(simulatedAgentState));
        }
        if (physicalVolumeDir != null) {
            run(problems, PackagedServicesSystemTest::removeVolumeGroup);
            run(problems, () -> TempDirs.deleteRecursively(physicalVolumeDir));
        }
        SystemStack.throwIfAny(problems, "Cleaning up the system test failed");
    }

    @Test
    void fileVolumeIsMadeOnItsHostThenRemoved() throws IOException {
        String api = inventory.baseUrl();

        // The agent has reported its host.
        await("host " + HOST_ID + " reported by its agent").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> given().baseUri(api).get("/api/v1/hosts/" + HOST_ID).statusCode() == 200);

        Response created = given().baseUri(api).contentType(ContentType.JSON)
                .body("""
                        {"name":"systestdisk","hostId":"%s","kind":"FILE","size":"2G","filesystem":"ext4"}
                        """.formatted(HOST_ID))
                .post("/api/v1/volumes");
        created.then().statusCode(202)
                .header("Location", notNullValue())
                .body("state", is("REQUESTED"));
        assertEquals(TWO_GIB, created.jsonPath().getLong("sizeBytes"), "sizeBytes of " + created.asString());
        String id = created.jsonPath().getString("id");
        String location = created.header("Location");
        assertTrue(location.endsWith("/api/v1/volumes/" + id), "Location " + location + " names the volume " + id);

        Response available = awaitState(api, id, "AVAILABLE", "FAILED");
        assertEquals("AVAILABLE", available.jsonPath().getString("state"),
                "the volume should be AVAILABLE, the inventory says: " + available.asString());

        // The image is on disk, under the agent's image root: 2 GiB apparent, almost nothing allocated.
        Path image = Path.of(available.jsonPath().getString("imagePath"));
        assertTrue(image.toAbsolutePath().normalize().startsWith(imageRoot), image + " lies under the image root " + imageRoot);
        assertTrue(Files.isRegularFile(image), "the image " + image + " exists");
        assertEquals(TWO_GIB, Files.size(image), "apparent size of " + image);
        long allocated = allocatedBytes(image);
        assertTrue(allocated < TWO_GIB / 10,
                "the image is sparse: " + allocated + " bytes allocated for " + TWO_GIB + " apparent");
        String xenDisk = available.jsonPath().getString("xenDisk");
        assertTrue(xenDisk != null && xenDisk.startsWith("file:" + image), "Xen disk line " + xenDisk + " names the image");

        given().baseUri(api).delete("/api/v1/volumes/" + id).then().statusCode(202);
        Response deleted = awaitState(api, id, "DELETED");
        assertEquals("DELETED", deleted.jsonPath().getString("state"), deleted.asString());
        assertFalse(Files.exists(image), "the image " + image + " is gone after the delete");
    }

    @Test
    void lvmDriftBehindDomstoresBackShowsThroughTheApi() throws IOException {
        String api = inventory.baseUrl();
        await("volume group " + VOLUME_GROUP + " in the host report").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    Response host = given().baseUri(api).get("/api/v1/hosts/" + HOST_ID);
                    return host.statusCode() == 200 && host.jsonPath().getList("volumeGroups.name").contains(VOLUME_GROUP);
                });
        String id = given().baseUri(api).contentType(ContentType.JSON)
                .body("{\"name\":\"driftlv\",\"hostId\":\"" + HOST_ID + "\",\"kind\":\"LVM\",\"volumeGroup\":\"" + VOLUME_GROUP + "\",\"size\":\"64M\"}")
                .post("/api/v1/volumes").then().statusCode(202).extract().path("id");
        awaitState(api, id, "AVAILABLE");

        command("lvremove", "--driverloaded", "n", "-f", VOLUME_GROUP + "/driftlv");
        await("MISSING drift on " + id).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> "MISSING".equals(given().baseUri(api).get("/api/v1/volumes/" + id).jsonPath().getString("drift.kind")));

        String stranger = java.util.UUID.randomUUID().toString();
        command("lvcreate", "--driverloaded", "n", "-an", "-Zn", "-y", "-L", "8M", "-n", "handmade",
                "--addtag", "domstore", "--addtag", "domstore_volume_" + stranger, VOLUME_GROUP);
        await("an orphan on " + HOST_ID).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> given().baseUri(api).get("/api/v1/hosts/" + HOST_ID).jsonPath().getList("orphans.location")
                        .contains(VOLUME_GROUP + "/handmade"));
        given().baseUri(api).get("/api/v1/events?aggregateId=" + HOST_ID).then()
                .body("items.eventType", org.hamcrest.Matchers.hasItem("OrphanDetected"));
    }

    /**
     * The guard's whole loop as separate processes: simulated hosts' snapshots fill at 2 MiB/s,
     * the agent reports their usage every second, the guard asks for growth, the inventory turns it
     * into extensions the agent carries out. The guard is restarted mid-run. No snapshot may
     * overflow, each must have grown, and no growth step may be asked for twice.
     * {@code -Ddomstore.systest.snapshots-per-host=250} asks for the 1,000-snapshot version; with one
     * simulated agent process carrying out every host's commands one at a time (about 3 a second
     * measured here), that is more extensions than it can carry out in time: see the session note.
     */
    @Test
    void snapshotsFillingOnSimulatedHostsAreExtendedInTimeAcrossAGuardRestart() {
        String api = inventory.baseUrl();
        int perHost = Integer.getInteger("domstore.systest.snapshots-per-host", 10);
        List<String> hosts = new ArrayList<>();
        for (int i = 1; i <= SIMULATED_HOSTS; i++) {
            hosts.add(String.format("sim-%02d", i));
        }
        await("simulated hosts reported").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> given().baseUri(api).get("/api/v1/hosts?pageSize=500").jsonPath().getList("items.hostId").containsAll(hosts));

        Map<String, Long> initialCow = new java.util.HashMap<>();
        Map<String, java.time.Instant> createdAt = new java.util.HashMap<>();
        for (String host : hosts) {
            String origin = given().baseUri(api).contentType(ContentType.JSON)
                    .body("{\"name\":\"origin\",\"hostId\":\"" + host + "\",\"kind\":\"LVM\",\"volumeGroup\":\"vg0\",\"size\":\"16G\"}")
                    .post("/api/v1/volumes").then().statusCode(202).extract().path("id");
            awaitState(api, origin, "AVAILABLE");
            for (int i = 0; i < perHost; i++) {
                long cowMiB = 64 + 32 * (i % 8);
                String snapshot = given().baseUri(api).contentType(ContentType.JSON)
                        .body("{\"name\":\"clone" + i + "\",\"kind\":\"SNAPSHOT\",\"originId\":\"" + origin + "\",\"cowSize\":\"" + cowMiB + "M\"}")
                        .post("/api/v1/volumes").then().statusCode(202).extract().path("id");
                initialCow.put(snapshot, cowMiB << 20);
                createdAt.put(snapshot, java.time.Instant.now());
            }
        }
        System.out.println("PackagedServicesSystemTest: " + initialCow.size() + " snapshots filling at " + (SIMULATED_WRITE_RATE >> 20) + " MiB/s on " + hosts.size()
                + " simulated hosts; the guard is restarted after 25 s");
        SystemStack.sleepSeconds(25);
        stack.stop(guard);
        guard = stack.launchGuard("snapshot-guard", Map.of());
        guard.awaitHealthy(HEALTH_TIMEOUT);
        SystemStack.sleepSeconds(30);

        List<String> notGrown = new ArrayList<>();
        List<String> lost = new ArrayList<>();
        List<String> askedTwice = new ArrayList<>();
        for (Map.Entry<String, Long> snapshot : initialCow.entrySet()) {
            Response volume = given().baseUri(api).get("/api/v1/volumes/" + snapshot.getKey());
            String state = volume.jsonPath().getString("state");
            if ("INVALID".equals(state) || "AT_RISK".equals(state)) {
                lost.add(snapshot.getKey() + " " + state + " " + volume.jsonPath().getString("snapshotFill"));
            }
            // Written since it was made: had it not grown, a snapshot smaller than that would have overflowed.
            long written = SIMULATED_WRITE_RATE * Duration.between(createdAt.get(snapshot.getKey()), java.time.Instant.now()).toSeconds();
            Long grown = volume.jsonPath().getObject("hostSizeBytes", Long.class);
            if (snapshot.getValue() < written && (grown == null || grown <= snapshot.getValue())) {
                notGrown.add(snapshot.getKey() + " still " + grown + " with " + written + " written");
            }
            List<Object> steps = given().baseUri(api).get("/api/v1/events?limit=1000&aggregateId=" + snapshot.getKey()).jsonPath()
                    .getList("items.findAll { it.eventType == 'VolumeExtensionRequested' }.data.fromBytes");
            if (steps.size() != new java.util.HashSet<>(steps).size()) {
                askedTwice.add(snapshot.getKey() + " " + steps);
            }
        }
        System.out.println("PackagedServicesSystemTest: " + initialCow.size() + " snapshots, " + lost.size() + " overflowed or at risk, "
                + notGrown.size() + " needed growth and never got it, " + askedTwice.size() + " with a growth step applied twice");
        assertEquals(List.of(), lost, "no snapshot overflowed");
        assertEquals(List.of(), notGrown, "every snapshot that needed growth got it");
        assertEquals(List.of(), askedTwice, "no growth step twice");
    }

    /** A volume group on a sparse file through a loop device, as a host's disk would be. */
    private static void createVolumeGroup() {
        try {
            Path image = physicalVolumeDir.resolve("pv.img");
            command("truncate", "-s", "256M", image.toString());
            physicalVolumeLoop = command("losetup", "-f", "--show", image.toString()).trim();
            command("pvcreate", "--driverloaded", "n", "-y", physicalVolumeLoop);
            command("vgcreate", "--driverloaded", "n", VOLUME_GROUP, physicalVolumeLoop);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot build the test volume group: " + e.getMessage(), e);
        }
    }

    private static void removeVolumeGroup() {
        try {
            command("vgremove", "--driverloaded", "n", "-f", VOLUME_GROUP);
        } catch (IOException e) {
            System.out.println("PackagedServicesSystemTest: " + e.getMessage());
        }
        if (physicalVolumeLoop == null) {
            return;
        }
        try {
            command("pvremove", "--driverloaded", "n", "-y", physicalVolumeLoop);
        } catch (IOException e) {
            System.out.println("PackagedServicesSystemTest: " + e.getMessage());
        }
        try {
            command("losetup", "--detach", physicalVolumeLoop);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Response awaitState(String api, String id, String... endStates) {
        return SystemStack.awaitState(api, id, Duration.ofSeconds(60), endStates);
    }

    /** nfs-service is ready only where exportfs can apply exports. */
    private static boolean nfsServerHere() {
        return Stream.concat(Stream.of(System.getenv().getOrDefault("PATH", "").split(":")), Stream.of("/usr/sbin", "/sbin"))
                .filter(dir -> !dir.isEmpty())
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, "exportfs")));
    }

    /** Blocks allocated on disk, from stat(1): {@code %b} blocks of {@code %B} bytes. */
    private static long allocatedBytes(Path file) throws IOException {
        String[] out = command("stat", "-c", "%b %B", file.toString()).trim().split(" ");
        return Long.parseLong(out[0]) * Long.parseLong(out[1]);
    }

    /** Leaves no loop device behind on a failed run: detaches those whose backing file is under {@code dir}. */
    private static void detachLoopDevicesUnder(Path dir) {
        try {
            for (String line : command("losetup", "--list", "--noheadings", "--output", "NAME,BACK-FILE").split("\n")) {
                String[] fields = line.trim().split("\\s+", 2);
                if (fields.length == 2 && fields[1].startsWith(dir.toString())) {
                    System.out.println("PackagedServicesSystemTest: detaching leftover " + fields[0] + " (" + fields[1] + ")");
                    command("losetup", "--detach", fields[0]);
                }
            }
        } catch (IOException e) {
            System.out.println("PackagedServicesSystemTest: could not list loop devices: " + e.getMessage());
        }
    }

    private static String command(String... argv) throws IOException {
        Process process = new ProcessBuilder(argv).redirectErrorStream(true).start();
        try {
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IOException(String.join(" ", argv) + " failed: " + out);
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private static void run(List<Throwable> problems, Runnable step) {
        SystemStack.runCollecting(problems, step);
    }
}
