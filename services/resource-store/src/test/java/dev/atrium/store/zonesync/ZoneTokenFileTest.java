package dev.atrium.store.zonesync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A zone's token file is read again when it changes, so a rotated token is used without a restart. */
class ZoneTokenFileTest {
  @TempDir Path dir;

  @Test
  void aRewrittenFileGivesTheNewToken() throws IOException {
    Path file = Files.writeString(dir.resolve("zone.token"), "first-token\n");
    ZoneTokenFile token = new ZoneTokenFile(file);
    assertThat(token.token()).isEqualTo("first-token");
    Files.writeString(file, "second-token-longer");
    Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));
    assertThat(token.token()).isEqualTo("second-token-longer");
  }

  @Test
  void aMissingOrEmptyFileIsNamedNotGuessed() throws IOException {
    assertThatThrownBy(() -> new ZoneTokenFile(dir.resolve("absent")).token()).isInstanceOf(IOException.class);
    Path empty = Files.writeString(dir.resolve("empty"), " \n");
    assertThatThrownBy(() -> new ZoneTokenFile(empty).token()).hasMessage("the zone token file " + empty + " is empty");
  }
}
