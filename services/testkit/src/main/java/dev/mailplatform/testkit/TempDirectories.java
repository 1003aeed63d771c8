package dev.mailplatform.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Collections;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Throwaway directories of the tests: deleting a tree that the code itself created in the machine's temporary folder,
 * so that test runs leave nothing behind. A folder a user chose (the local stack's data folder) is deleted only when
 * they ask for a clean start.
 */
public final class TempDirectories {
    private static final Logger LOG = LoggerFactory.getLogger(TempDirectories.class);

    private TempDirectories() {
    }

    /**
     * Deletes {@code dir} and everything below it. Files that disappear meanwhile are fine; what cannot be deleted is
     * logged, never thrown. Returns whether the directory is gone.
     */
    public static boolean deleteRecursively(Path dir) {
        if (dir == null || !Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return true;
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                    if (e instanceof NoSuchFileException) {
                        return FileVisitResult.CONTINUE;
                    }
                    throw e;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    if (e != null && !(e instanceof NoSuchFileException)) {
                        throw e;
                    }
                    Files.deleteIfExists(d);
                    return FileVisitResult.CONTINUE;
                }
            });
            return true;
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("cannot delete {}", dir, e);
            return false;
        }
    }

    /**
     * Deletes {@code dir} when the JVM exits: for a directory that the test classes of one JVM share (a certificate
     * made once, say), which no single test owns. Returns {@code dir}.
     */
    public static Path deleteOnExit(Path dir) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteRecursively(dir), "delete " + dir.getFileName()));
        return dir;
    }

    /**
     * Deletes the folder Quarkus made for the configuration of a {@code @TestProfile} ({@code quarkus-test*} in the
     * temporary folder, holding one {@code application.properties}). Quarkus asks the JVM to delete both on exit, but
     * in an order that cannot work (the folder before the file in it), so every test profile left an empty folder
     * behind. Call it from the profile's test class once the application has started ({@code @AfterAll}), with a
     * class loader of the application: only the folder on that application's class path is deleted.
     */
    public static void deleteQuarkusTestProfileConfig(ClassLoader applicationLoader) {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath().normalize();
        try {
            for (URL url : Collections.list(applicationLoader.getResources("application.properties"))) {
                if (!"file".equals(url.getProtocol())) {
                    continue;
                }
                Path file = Path.of(url.toURI()).toAbsolutePath().normalize();
                Path dir = file.getParent();
                if (dir == null || !tmp.equals(dir.getParent())
                        || !dir.getFileName().toString().startsWith("quarkus-test")) {
                    continue;
                }
                Files.deleteIfExists(file);
                try {
                    Files.deleteIfExists(dir);
                } catch (DirectoryNotEmptyException e) {
                    LOG.warn("{} holds more than the test profile's configuration: left in place", dir);
                }
            }
        } catch (IOException | URISyntaxException e) {
            LOG.warn("cannot delete the test profile's configuration folder", e);
        }
    }
}
