package dev.domstore.hostexec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;

/**
 * {@link HostFiles} through a {@link HostCommandRunner}, whatever its transport: every method is
 * one or two coreutils commands ({@code test}, {@code stat}, {@code ls}, {@code cat}, {@code dd},
 * {@code mkdir}, {@code mktemp}, {@code chmod}, {@code sync}, {@code rm}, {@code mv},
 * {@code realpath}) with the answers and failures {@link LocalHostFiles} gives: the tool's "No such
 * file or directory" becomes {@link NoSuchFileException}, "File exists"
 * {@link FileAlreadyExistsException}, and any other failure an {@link IOException} with the argv,
 * exit code and stderr. A command that times out or a host that cannot be reached throws what the
 * runner throws ({@link HostCommandException}, {@link HostUnreachableException}), from the
 * yes-or-no questions as well.
 */
public final class CommandHostFiles implements HostFiles {
    private final HostCommandRunner runner;

    public CommandHostFiles(HostCommandRunner runner) {
        this.runner = runner;
    }

    @Override
    public boolean exists(Path path) {
        return type(path).isPresent();
    }

    @Override
    public boolean isDirectory(Path path) {
        return holds("test", "-d", path.toString());
    }

    @Override
    public boolean isRegularFile(Path path) {
        return type(path).filter(type -> type.startsWith("regular")).isPresent();
    }

    @Override
    public boolean isWritable(Path path) {
        return holds("test", "-w", path.toString());
    }

    @Override
    public boolean isExecutable(Path path) {
        return holds("test", "-x", path.toString());
    }

    /** C quoting: one name a line whatever bytes it holds, newlines included. The trailing slash makes ls refuse a non-directory. */
    @Override
    public List<String> list(Path directory) throws IOException {
        String listed = query(directory, "ls", "-1A", "--quoting-style=c", "--", asDirectory(directory));
        return listed.lines().map(CommandHostFiles::unquote).sorted().toList();
    }

    @Override
    public Optional<String> read(Path file) throws IOException {
        try {
            return Optional.of(query(file, "cat", "--", file.toString()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public long size(Path file) throws IOException {
        return Long.parseLong(query(file, "stat", "-L", "-c", "%s", "--", file.toString()).strip());
    }

    /** As java.nio counts it: statfs of the path itself, blocks available to unprivileged users times the fragment size. */
    @Override
    public long usableSpace(Path directory) throws IOException {
        String[] fields = query(directory, "stat", "-f", "-c", "%a %S", "--", directory.toString()).strip().split(" ");
        return Long.parseLong(fields[0]) * Long.parseLong(fields[1]);
    }

    @Override
    public Path realPath(Path path) throws IOException {
        return Path.of(withoutNewline(query(path, "realpath", "-e", "--", path.toString())));
    }

    @Override
    public Optional<DeviceNumber> blockDevice(Path path) throws IOException {
        // "block special file 7 0": the type, then major and minor in hex.
        String described = query(path, "stat", "-L", "-c", "%F %t %T", "--", path.toString()).strip();
        if (!described.startsWith("block special file ")) {
            return Optional.empty();
        }
        String[] numbers = described.substring("block special file ".length()).split(" ");
        return Optional.of(new DeviceNumber(Integer.parseInt(numbers[0], 16), Integer.parseInt(numbers[1], 16)));
    }

    @Override
    public void createDirectories(Path directory) throws IOException {
        change(directory, "mkdir", "-p", "--", directory.toString());
    }

    /** mkdir -m sets the mode itself, untouched by the umask. */
    @Override
    public void createDirectory(Path directory, String mode) throws IOException {
        change(directory, "mkdir", "-m", octal(mode), "--", directory.toString());
    }

    /** dd's conv=excl opens with O_EXCL: an existing file is an error, as it is for java.nio. */
    @Override
    public void createFile(Path file, String mode) throws IOException {
        octal(mode); // A mode that is not one fails before anything is made.
        change(file, "dd", "if=/dev/null", "of=" + file, "conv=excl", "status=none");
        setMode(file, mode);
    }

    /** mktemp makes it rwx------, as java.nio does. */
    @Override
    public Path createTempDirectory(Path parent, String prefix) throws IOException {
        String template = parent.resolve(checkedPart(prefix) + "XXXXXXXXXX").toString();
        return Path.of(withoutNewline(change(parent, "mktemp", "-d", "--", template)));
    }

    /** mktemp makes it rw-------, as java.nio does; a null suffix is ".tmp", as there. */
    @Override
    public Path createTempFile(Path directory, String prefix, String suffix) throws IOException {
        String template = directory.resolve(checkedPart(prefix) + "XXXXXXXXXX").toString();
        String ending = suffix == null ? ".tmp" : checkedPart(suffix);
        return Path.of(withoutNewline(change(directory, "mktemp", "--suffix=" + ending, "--", template)));
    }

    @Override
    public void setMode(Path path, String mode) throws IOException {
        change(path, "chmod", octal(mode), "--", path.toString());
    }

    /** dd truncates the file (making it if need be), writes what it reads from stdin and, with conv=fsync, fsyncs it. */
    @Override
    public void writeAndSync(Path file, String content) throws IOException {
        List<String> argv = List.of("dd", "of=" + file, "conv=fsync", "status=none");
        try {
            runner.run(argv, runner.defaultTimeout(), content);
        } catch (HostCommandException e) {
            throw failure(e, file, null);
        }
    }

    /** coreutils sync with a file (or directory) argument fsyncs that one. */
    @Override
    public void sync(Path path) throws IOException {
        change(path, "sync", "--", path.toString());
    }

    /** rm -d removes a file, a link or an empty directory; without -f it says when nothing was there. */
    @Override
    public boolean deleteIfExists(Path path) throws IOException {
        try {
            change(path, "rm", "-d", "--", path.toString());
            return true;
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    /** A rename(2) on one file system; -T: a directory at {@code target} is not moved into. */
    @Override
    public void moveAtomically(Path source, Path target) throws IOException {
        List<String> argv = List.of("mv", "-f", "-T", "--", source.toString(), target.toString());
        try {
            runner.run(argv);
        } catch (HostCommandException e) {
            throw failure(e, source, target);
        }
    }

    /** The file type as stat names it ("regular file", "directory", "symbolic link", …), a final link not followed; empty when nothing is there. */
    private Optional<String> type(Path path) {
        HostCommandResult result = runner.probe(List.of("stat", "-c", "%F", "--", path.toString()));
        return result.succeeded() ? Optional.of(result.stdout().strip()) : Optional.empty();
    }

    private boolean holds(String... test) {
        return runner.probe(List.of(test)).succeeded();
    }

    /** A read-only command's stdout; logged at debug level, as queries are. */
    private String query(Path path, String... argv) throws IOException {
        HostCommandResult result = runner.probe(List.of(argv));
        if (!result.succeeded()) {
            throw failure(HostCommandException.failed(result), path, null);
        }
        return result.stdout();
    }

    /** A command that changes the host's files; logged at info level, as changes are. */
    private String change(Path path, String... argv) throws IOException {
        try {
            return runner.run(List.of(argv)).stdout();
        } catch (HostCommandException e) {
            throw failure(e, path, null);
        }
    }

    /** What java.nio would have thrown, from the tool's complaint; a command that did not run to its end stays what it is. */
    private static IOException failure(HostCommandException e, Path path, Path other) {
        if (e.outcome() != HostCommandException.Outcome.FAILED) {
            throw e;
        }
        String file = path.toString();
        String target = other == null ? null : other.toString();
        String said = e.stderr().strip();
        if (said.endsWith("No such file or directory")) {
            return new NoSuchFileException(file, target, said);
        }
        if (said.endsWith("File exists")) {
            return new FileAlreadyExistsException(file, target, said);
        }
        if (said.endsWith("Permission denied")) {
            return new AccessDeniedException(file, target, said);
        }
        if (said.endsWith("Directory not empty")) {
            return new DirectoryNotEmptyException(file);
        }
        if (said.endsWith("Not a directory")) {
            return new NotDirectoryException(file);
        }
        return new IOException(e.getMessage(), e);
    }

    /** A mode as chmod's octal number: {@code rwxr-x---} is {@code 750}. */
    static String octal(String mode) {
        int bits = 0;
        for (PosixFilePermission permission : PosixFilePermissions.fromString(mode)) {
            bits |= 1 << (8 - permission.ordinal());
        }
        return Integer.toOctalString(bits | 01000).substring(1);
    }

    private static String asDirectory(Path directory) {
        String name = directory.toString();
        return name.endsWith("/") ? name : name + "/";
    }

    /** As java.nio: a prefix or suffix is part of one name. */
    private static String checkedPart(String part) {
        String checked = part == null ? "" : part;
        if (checked.indexOf('/') >= 0) {
            throw new IllegalArgumentException("Invalid prefix or suffix");
        }
        return checked;
    }

    private static String withoutNewline(String output) {
        return output.endsWith("\n") ? output.substring(0, output.length() - 1) : output;
    }

    /** One name as ls --quoting-style=c writes it: in double quotes, with C escapes and the bytes of other characters in octal. */
    static String unquote(String quoted) {
        if (quoted.length() < 2 || !quoted.startsWith("\"") || !quoted.endsWith("\"")) {
            throw new IllegalArgumentException("Not a C-quoted name: " + quoted);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        String body = quoted.substring(1, quoted.length() - 1);
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c != '\\') {
                bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
                continue;
            }
            char escaped = body.charAt(++i);
            if (escaped >= '0' && escaped <= '7') {
                int end = i;
                while (end < body.length() && end < i + 3 && body.charAt(end) >= '0' && body.charAt(end) <= '7') {
                    end++;
                }
                bytes.write(Integer.parseInt(body.substring(i, end), 8));
                i = end - 1;
                continue;
            }
            bytes.write(switch (escaped) {
                case 'a' -> 7;
                case 'b' -> '\b';
                case 'f' -> '\f';
                case 'n' -> '\n';
                case 'r' -> '\r';
                case 't' -> '\t';
                case 'v' -> 11;
                default -> escaped; // \\, \", \?
            });
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
