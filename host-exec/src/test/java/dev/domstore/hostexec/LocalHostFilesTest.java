package dev.domstore.hostexec;

/** java.nio on this machine: the reference the other implementations answer like. */
class LocalHostFilesTest extends HostFilesContract {
    @Override
    HostFiles files() {
        return LocalHostFiles.INSTANCE;
    }
}
