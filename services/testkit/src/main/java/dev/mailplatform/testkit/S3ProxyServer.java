package dev.mailplatform.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real S3-compatible server: S3Proxy with its filesystem backend, run as a child process from its own
 * jar-with-dependencies (its classpath would clash with the services' if loaded in-process).
 */
public final class S3ProxyServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(S3ProxyServer.class);
    public static final String ACCESS_KEY = "local-access-key";
    public static final String SECRET_KEY = "local-secret-key-0123456789";

    private final Process process;
    private final int port;

    private S3ProxyServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    public static S3ProxyServer start(Path baseDir, int port) {
        try {
            Path storage = Files.createDirectories(baseDir.resolve("buckets"));
            Path config = baseDir.resolve("s3proxy.properties");
            Properties p = new Properties();
            p.setProperty("s3proxy.endpoint", "http://127.0.0.1:" + port);
            p.setProperty("s3proxy.authorization", "aws-v2-or-v4");
            p.setProperty("s3proxy.identity", ACCESS_KEY);
            p.setProperty("s3proxy.credential", SECRET_KEY);
            p.setProperty("jclouds.provider", "filesystem");
            p.setProperty("jclouds.filesystem.basedir", storage.toString());
            try (var out = Files.newOutputStream(config)) {
                p.store(out, "written by the mail platform test kit");
            }
            Path log = baseDir.resolve("s3proxy.log");
            List<String> command = List.of(JavaProcesses.javaExecutable(), "-Xmx256m", "-XX:+UseSerialGC",
                    "-jar", locateJar().toString(), "--properties", config.toString());
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            JavaProcesses.destroyOnExit(process);
            Ports.awaitOpen("127.0.0.1", port, Duration.ofSeconds(60), process);
            LOG.info("S3Proxy listening on 127.0.0.1:{} (data in {})", port, storage);
            return new S3ProxyServer(process, port);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start S3Proxy", e);
        }
    }

    /** The S3Proxy fat jar: -Ds3proxy.jar, $S3PROXY_JAR, or the copy Maven put in the local repository. */
    static Path locateJar() {
        String explicit = System.getProperty("s3proxy.jar", System.getenv("S3PROXY_JAR"));
        if (explicit != null && !explicit.isBlank()) {
            return Paths.get(explicit);
        }
        String version = kitProperty("s3proxy.version");
        String repo = System.getProperty("maven.repo.local");
        Path repository = repo != null && !repo.isBlank() ? Paths.get(repo)
                : Paths.get(System.getProperty("user.home"), ".m2", "repository");
        Path jar = repository.resolve("org/gaul/s3proxy/" + version + "/s3proxy-" + version
                + "-jar-with-dependencies.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("S3Proxy jar not found at " + jar
                    + " (build services/testkit with Maven, or set S3PROXY_JAR)");
        }
        return jar;
    }

    static String kitProperty(String name) {
        try (InputStream in = S3ProxyServer.class.getResourceAsStream("/testkit.properties")) {
            Properties p = new Properties();
            p.load(in);
            return p.getProperty(name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    @Override
    public void close() {
        JavaProcesses.stop(process, Duration.ofSeconds(10));
    }
}
