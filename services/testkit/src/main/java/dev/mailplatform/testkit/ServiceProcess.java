package dev.mailplatform.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One service of the platform running as its own process from its packaged Quarkus jar, the way it is deployed.
 * Configuration goes in as system properties; readiness is its {@code /q/health/ready}.
 */
public final class ServiceProcess implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ServiceProcess.class);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final Process process;
    private final int httpPort;
    private final Path logFile;

    private ServiceProcess(String name, Process process, int httpPort, Path logFile) {
        this.name = name;
        this.process = process;
        this.httpPort = httpPort;
        this.logFile = logFile;
    }

    /** Starts the service and returns once it reports ready; fails with the tail of its log otherwise. */
    public static ServiceProcess start(String name, Path jar, Map<String, String> config, int httpPort, Path logFile,
            Duration timeout) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(name + " is not built: " + jar + " is missing (run the Maven build)");
        }
        List<String> command = new ArrayList<>();
        command.add(JavaProcesses.javaExecutable());
        command.add("-Xmx" + config.getOrDefault("jvm.xmx", "384m"));
        command.add("-XX:+UseSerialGC");
        command.add("-Dquarkus.http.port=" + httpPort);
        Map<String, String> environment = new java.util.HashMap<>();
        config.forEach((k, v) -> {
            if (k.startsWith("jvm.")) {
                return;
            }
            if (isSecret(k)) {
                // secrets go through the environment, as in production: never visible in `ps`
                environment.put(k.toUpperCase(java.util.Locale.ROOT).replaceAll("[^A-Z0-9]", "_"), v);
            } else {
                command.add("-D" + k + "=" + v);
            }
        });
        // extra JVM options for a benchmark run, e.g. a flight recording: SERVICE_JVM_OPTS="-XX:StartFlightRecording=..."
        String extra = System.getenv("SERVICE_JVM_OPTS");
        if (extra != null && !extra.isBlank()) {
            command.addAll(List.of(extra.trim().split("\\s+")));
        }
        command.add("-jar");
        command.add(jar.toString());
        try {
            Files.createDirectories(logFile.getParent());
            ProcessBuilder builder = new ProcessBuilder(command);
            builder.environment().putAll(environment);
            Process process = builder
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .start();
            JavaProcesses.destroyOnExit(process);
            ServiceProcess service = new ServiceProcess(name, process, httpPort, logFile);
            service.awaitReady(timeout);
            LOG.info("{} ready on HTTP port {} (pid {}, log {})", name, httpPort, process.pid(), logFile);
            return service;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    private static boolean isSecret(String key) {
        return key.endsWith("token") || key.endsWith("password") || key.endsWith("secret-key");
    }

    private void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        URI ready = URI.create("http://127.0.0.1:" + httpPort + "/q/health/ready");
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "\n" + logTail());
            }
            try {
                HttpResponse<Void> resp = HTTP.send(HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(2))
                        .GET().build(), HttpResponse.BodyHandlers.discarding());
                if (resp.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
            Ports.sleep(200);
        }
        close();
        throw new IllegalStateException(name + " not ready within " + timeout + "\n" + logTail());
    }

    public String logTail() {
        try {
            List<String> lines = Files.readAllLines(logFile);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public int httpPort() {
        return httpPort;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Resident set size in KiB, read from /proc (Linux), or -1. */
    public long rssKib() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or the process is gone
        }
        return -1;
    }

    @Override
    public void close() {
        JavaProcesses.stop(process, Duration.ofSeconds(15));
    }

    /** Walks up from the working directory to the repository root (the folder holding the parent pom). */
    public static Path repositoryRoot() {
        Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("pom.xml")) && Files.isDirectory(p.resolve("mailbox-service"))
                    && Files.isDirectory(p.resolve("services"))) {
                return p;
            }
        }
        throw new IllegalStateException("cannot find the repository root above " + dir);
    }

    /** The packaged jar of a service module, e.g. {@code mailbox-service}. */
    public static Path jarOf(String module) {
        return repositoryRoot().resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
    }
}
