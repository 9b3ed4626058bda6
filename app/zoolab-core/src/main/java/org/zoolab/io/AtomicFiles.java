package org.zoolab.io;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.UnaryOperator;

/**
 * Writes files so that a reader sees either the old file or the complete new one, never a half-written one:
 * the bytes go to a temporary file in the same directory, which is flushed to disk ({@code fsync}) and then
 * renamed over the target in one step; the directory is then synced so the rename itself survives a power cut.
 * A crash or a full disk during the write leaves the previous file untouched and at most a stray
 * {@code .*.tmp} file, which {@link #deleteStrayTemporaries} removes.
 * <p>
 * A new file gets the mode any program's new file gets (on POSIX {@code 0666} less the process's umask, e.g.
 * {@code 0644}), not the owner-only {@code 0600} of {@link Files#createTempFile}; a file that is replaced gets
 * the same mode a new one would.
 */
public final class AtomicFiles {
    /** The suffix of a temporary file; its name is {@code .<target>.<random>.tmp}. */
    public static final String TMP_SUFFIX = ".tmp";

    /** What writes the content. */
    @FunctionalInterface
    public interface Body {
        void write(OutputStream out) throws IOException;
    }

    private AtomicFiles() {
    }

    /** Writes {@code target} atomically. */
    public static void write(Path target, Body body) throws IOException {
        write(target, body, UnaryOperator.identity());
    }

    /** Writes a UTF-8 text file atomically. */
    public static void writeString(Path target, String text) throws IOException {
        write(target, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** Writes a PNG image atomically. */
    public static void writePng(Path target, BufferedImage image) throws IOException {
        write(target, out -> {
            if (!ImageIO.write(image, "png", out)) throw new IOException("no PNG writer for " + target);
        });
    }

    /**
     * As {@link #write(Path, Body)}; {@code wrap} decorates the file's stream below the buffering (tests inject a
     * disk that fails part-way).
     */
    public static void write(Path target, Body body, UnaryOperator<OutputStream> wrap) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = null;
        FileChannel ch = null;
        while (ch == null) {
            // CREATE_NEW without file attributes: the OS gives the umask-based mode of any new file
            tmp = dir.resolve("." + target.getFileName() + "." + Long.toUnsignedString(ThreadLocalRandom.current().nextLong()) + TMP_SUFFIX);
            try {
                ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            } catch (FileAlreadyExistsException e) {
                // another writer's temporary; draw another name
            }
        }
        boolean done = false;
        try {
            try (FileChannel channel = ch) {
                OutputStream out = new BufferedOutputStream(wrap.apply(Channels.newOutputStream(channel)), 1 << 16);
                body.write(out);
                out.flush();
                channel.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            done = true;
            syncDirectory(dir);
        } finally {
            if (!done) {
                Files.deleteIfExists(tmp);
            }
        }
    }

    /** Removes temporaries left by a process killed in the middle of a write. */
    public static void deleteStrayTemporaries(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) return;
        try (var files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                String n = p.getFileName().toString();
                if (n.startsWith(".") && n.endsWith(TMP_SUFFIX)) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // some platforms (Windows) cannot open a directory; the rename is still atomic there
        }
    }
}
