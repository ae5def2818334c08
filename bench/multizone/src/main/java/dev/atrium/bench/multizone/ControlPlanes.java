package dev.atrium.bench.multizone;

import dev.atrium.testing.http.Http;
import dev.atrium.testing.process.StoreProcess;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A global resource-store and a zone's, as the multi-zone e2e tests start them (ADR 0020): both on the
 * embedded backend, the zone following global over global's Store gRPC API with the internal CA's mutual TLS and
 * a zone token of scope cp that global minted (global must be started before the zone is made).
 */
final class ControlPlanes {
  static final String ZONE = "zone-1";

  private ControlPlanes() {}

  static StoreProcess global(Path dir) {
    return StoreProcess.embedded(dir.resolve("global")).withEnv("ATRIUM_STORE_MODE", "global");
  }

  static StoreProcess zone(Path dir, StoreProcess global) {
    return StoreProcess.embedded(dir.resolve(ZONE)).zoneOf(global, ZONE);
  }

  /** Until global's Mesh {@code default} has reached the zone (a zone makes none of its own). */
  static void awaitDefaultMesh(StoreProcess zone) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (Http.status(zone.apiUrl() + "/meshes/default") != 200) {
      if (System.nanoTime() > deadline) throw new IllegalStateException("global's Mesh default did not reach the zone in 60 s");
      Thread.sleep(100);
    }
  }
}
