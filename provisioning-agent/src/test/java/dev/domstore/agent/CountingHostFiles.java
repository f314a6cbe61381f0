package dev.domstore.agent;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

import dev.domstore.hostexec.HostFiles;
import dev.domstore.hostexec.LocalHostFiles;

/**
 * This machine's files, counting every call: over the guest agent transport each call is a command
 * in the guest (tens of milliseconds), so tests hold the agent to a number of calls per task.
 */
public final class CountingHostFiles implements HostFiles {
    private final HostFiles delegate;
    private final BiConsumer<String, Path> beforeEach;
    private final Map<String, AtomicInteger> calls = new TreeMap<>();

    public CountingHostFiles() {
        this(LocalHostFiles.INSTANCE);
    }

    public CountingHostFiles(HostFiles delegate) {
        this(delegate, (method, path) -> {
        });
    }

    /** {@code beforeEach} sees every call (method name, path) before it is made, and may throw instead. */
    public CountingHostFiles(HostFiles delegate, BiConsumer<String, Path> beforeEach) {
        this.delegate = delegate;
        this.beforeEach = beforeEach;
    }

    public synchronized int total() {
        return calls.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    /** Calls per method, in name order. */
    public synchronized Map<String, Integer> byMethod() {
        Map<String, Integer> counts = new TreeMap<>();
        calls.forEach((method, count) -> counts.put(method, count.get()));
        return counts;
    }

    public synchronized void reset() {
        calls.clear();
    }

    private void count(String method, Path path) {
        synchronized (this) {
            calls.computeIfAbsent(method, name -> new AtomicInteger()).incrementAndGet();
        }
        beforeEach.accept(method, path);
    }

    @Override
    public boolean exists(Path path) {
        count("exists", path);
        return delegate.exists(path);
    }

    @Override
    public boolean isDirectory(Path path) {
        count("isDirectory", path);
        return delegate.isDirectory(path);
    }

    @Override
    public boolean isRegularFile(Path path) {
        count("isRegularFile", path);
        return delegate.isRegularFile(path);
    }

    @Override
    public boolean isWritable(Path path) {
        count("isWritable", path);
        return delegate.isWritable(path);
    }

    @Override
    public boolean isExecutable(Path path) {
        count("isExecutable", path);
        return delegate.isExecutable(path);
    }

    @Override
    public List<String> list(Path directory) throws IOException {
        count("list", directory);
        return delegate.list(directory);
    }

    @Override
    public Optional<String> read(Path file) throws IOException {
        count("read", file);
        return delegate.read(file);
    }

    @Override
    public long size(Path file) throws IOException {
        count("size", file);
        return delegate.size(file);
    }

    @Override
    public long usableSpace(Path directory) throws IOException {
        count("usableSpace", directory);
        return delegate.usableSpace(directory);
    }

    @Override
    public Path realPath(Path path) throws IOException {
        count("realPath", path);
        return delegate.realPath(path);
    }

    @Override
    public Optional<DeviceNumber> blockDevice(Path path) throws IOException {
        count("blockDevice", path);
        return delegate.blockDevice(path);
    }

    @Override
    public void createDirectories(Path directory) throws IOException {
        count("createDirectories", directory);
        delegate.createDirectories(directory);
    }

    @Override
    public void createDirectory(Path directory, String mode) throws IOException {
        count("createDirectory", directory);
        delegate.createDirectory(directory, mode);
    }

    @Override
    public void createFile(Path file, String mode) throws IOException {
        count("createFile", file);
        delegate.createFile(file, mode);
    }

    @Override
    public Path createTempDirectory(Path parent, String prefix) throws IOException {
        count("createTempDirectory", parent);
        return delegate.createTempDirectory(parent, prefix);
    }

    @Override
    public Path createTempFile(Path directory, String prefix, String suffix) throws IOException {
        count("createTempFile", directory);
        return delegate.createTempFile(directory, prefix, suffix);
    }

    @Override
    public void setMode(Path path, String mode) throws IOException {
        count("setMode", path);
        delegate.setMode(path, mode);
    }

    @Override
    public void writeAndSync(Path file, String content) throws IOException {
        count("writeAndSync", file);
        delegate.writeAndSync(file, content);
    }

    @Override
    public void sync(Path path) throws IOException {
        count("sync", path);
        delegate.sync(path);
    }

    @Override
    public boolean deleteIfExists(Path path) throws IOException {
        count("deleteIfExists", path);
        return delegate.deleteIfExists(path);
    }

    @Override
    public void moveAtomically(Path source, Path target) throws IOException {
        count("moveAtomically", source);
        delegate.moveAtomically(source, target);
    }
}
