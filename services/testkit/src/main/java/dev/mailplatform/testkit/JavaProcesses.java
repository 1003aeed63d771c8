package dev.mailplatform.testkit;

import java.nio.file.Paths;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Child JVMs: which java to run, and stopping them so none outlives the parent. */
public final class JavaProcesses {
    private JavaProcesses() {
    }

    public static String javaExecutable() {
        return Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    }

    public static void destroyOnExit(Process process) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(process, Duration.ofSeconds(10))));
    }

    /** SIGTERM (services shut down gracefully), then SIGKILL after the grace period. */
    public static void stop(Process process, Duration grace) {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
