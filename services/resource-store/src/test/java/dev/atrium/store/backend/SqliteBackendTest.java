package dev.atrium.store.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atrium.store.backend.jdbc.EmbeddedBackend;
import dev.atrium.store.backend.jdbc.EventRetention;
import dev.atrium.store.backend.jdbc.SyncMode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The contract against the embedded store, one fresh data directory per test, plus crash safety. */
class SqliteBackendTest extends StoreBackendContract {
  @TempDir Path dataDir;

  @Override
  protected StoreBackend openStorage(EventRetention retention) {
    return EmbeddedBackend.open(dataDir, SyncMode.FULL, retention);
  }

  @ParameterizedTest
  @EnumSource(SyncMode.class)
  void everyAcknowledgedWriteSurvivesKillDashNine(SyncMode sync) throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    Process writer = new ProcessBuilder(java, "-Djava.util.logging.manager=org.jboss.logmanager.LogManager",
        "-cp", System.getProperty("java.class.path"),
        WriteUntilKilled.class.getName(), dataDir.toString(), sync.name())
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
    Map<String, Long> acked = new HashMap<>();
    long lastAcked = 0;
    try (BufferedReader out = new BufferedReader(new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = out.readLine()) != null; ) {
        String[] parts = line.split(" ");
        acked.put(parts[1], Long.parseLong(parts[2]));
        lastAcked = Long.parseLong(parts[2]);
        // SIGKILL mid-write. Through the handle: Process.destroyForcibly would also close our end of the
        // pipe, and the lines printed before the kill are acknowledged writes too.
        if (lastAcked == 300) writer.toHandle().destroyForcibly();
      }
    }
    assertThat(writer.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(lastAcked).as("the writer got going before it was killed").isGreaterThanOrEqualTo(300);

    StoreBackend reopened = open();
    assertThat(reopened.revision()).isGreaterThanOrEqualTo(lastAcked);
    for (Map.Entry<String, Long> write : acked.entrySet()) {
      StoredResource found = reopened.get(new ResourceKey("MeshHTTPRoute", "default", write.getKey())).orElseThrow();
      assertThat(found.version()).as(write.getKey()).isGreaterThanOrEqualTo(write.getValue());
    }
    List<StoreEvent> log = reopened.eventsAfter(0, 100_000);
    assertThat(log).extracting(StoreEvent::revision)
        .containsExactlyElementsOf(LongStream.rangeClosed(1, reopened.revision()).boxed().toList());
  }

  @Test
  void aDataDirectoryIsUsedByOneStoreAtATime() {
    open();
    assertThatThrownBy(() -> EmbeddedBackend.open(dataDir, SyncMode.FULL))
        .hasMessageContaining("already open");
  }
}
