package dev.mailplatform.smtp.spool;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Spool files of a killed process are swept at start-up; live ones and other files are left alone. */
class SpoolSweepTest {
    @TempDir
    Path dir;

    @Test
    void removesOnlyOldSpoolFiles() throws Exception {
        Path orphan = Files.writeString(dir.resolve("smtp-123.eml"), "left by a killed gateway");
        Files.setLastModifiedTime(orphan, FileTime.from(Instant.now().minus(Duration.ofHours(2))));
        Path live = Files.writeString(dir.resolve("smtp-456.eml"), "a session receiving right now");
        Path other = Files.writeString(dir.resolve("notes.txt"), "not a spool file");
        Files.setLastModifiedTime(other, FileTime.from(Instant.now().minus(Duration.ofDays(2))));

        assertThat(Spool.sweepOrphans(dir, Duration.ofHours(1))).isEqualTo(1);
        assertThat(orphan).doesNotExist();
        assertThat(live).exists();
        assertThat(other).exists();
        assertThat(Spool.sweepOrphans(dir.resolve("missing"), Duration.ofHours(1))).isZero();
    }
}
