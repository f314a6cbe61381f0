package dev.domstore.agent.loop;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.domstore.hostexec.HostCommandResult;
import dev.domstore.hostexec.HostCommandRunner;
import dev.domstore.hostexec.HostOperationException;
import dev.domstore.hostexec.HostReachability;

/**
 * The disks of the running domains, from the backend entries Xen's toolstack keeps in xenstore
 * ({@code /local/domain/0/backend/<vbd|qdisk|…>/<domid>/<devid>/params} is the file or device
 * asked for, {@code node} the loop device the block script attached it to). On a machine that
 * is not a Xen dom0 ({@code xenstore-ls} missing or xenstored not running) no domain uses anything;
 * that is logged once.
 */
@ApplicationScoped
public class XenStoreDomainDisks implements DomainDisks {
    private static final Logger LOG = Logger.getLogger(XenStoreDomainDisks.class);
    static final List<String> ARGV = List.of("xenstore-ls", "-f", "/local/domain/0/backend");

    private final HostCommandRunner runner;
    private final AtomicBoolean unavailableLogged = new AtomicBoolean();

    public XenStoreDomainDisks(HostCommandRunner runner) {
        this.runner = runner;
    }

    @Override
    public Set<String> inUse() {
        try {
            HostCommandResult result = runner.probe(ARGV);
            if (result.succeeded()) {
                unavailableLogged.set(false);
                return parse(result.stdout());
            }
            logUnavailableOnce("xenstore-ls exited with " + result.exitCode() + ": " + result.stderr().strip());
        } catch (HostOperationException e) {
            HostReachability.rethrowIfUnreachable(e);
            logUnavailableOnce(e.getMessage());
        }
        return Set.of();
    }

    private void logUnavailableOnce(String why) {
        if (unavailableLogged.compareAndSet(false, true)) {
            LOG.infof("No domain disks known (not a Xen dom0, or xenstored is not running): %s", why);
        }
    }

    /**
     * Lines of {@code xenstore-ls -f}: {@code /local/domain/0/backend/vbd/3/51713/params = "/var/lib/x/img"}.
     * The values of {@code params} (with a {@code aio:}-style driver prefix removed) and {@code node} are kept.
     */
    static Set<String> parse(String output) {
        Set<String> paths = new LinkedHashSet<>();
        for (String line : output.split("\n")) {
            int equals = line.indexOf(" = ");
            if (equals < 0) {
                continue;
            }
            String key = line.substring(0, equals).strip();
            if (!key.endsWith("/params") && !key.endsWith("/node")) {
                continue;
            }
            String value = line.substring(equals + 3).strip();
            if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                value = value.substring(1, value.length() - 1);
            }
            int slash = value.indexOf('/');
            if (slash > 0 && value.substring(0, slash).matches("[a-z0-9:]+:")) {
                value = value.substring(slash);
            }
            if (value.startsWith("/")) {
                paths.add(value);
            }
        }
        return paths;
    }
}
