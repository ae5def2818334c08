package dev.atrium.core.multizone;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SyncedNamesTest {

  /**
   * Known answers computed with Go's hash/fnv and k8s.io/apimachinery v0.34.4's rand.SafeEncodeString,
   * the two pieces Kuma 2.14's pkg/kds/hash combines: a copy named here is the copy Kuma names.
   */
  @Test
  void namesAreKumasHashedNames() {
    assertThat(SyncedNames.hashed("default", "web-timeout", "zone-1")).isEqualTo("web-timeout-b796bw6v5xb8f74b");
    assertThat(SyncedNames.hashed("default", "backend", "kuma.io/zone", "east")).isEqualTo("backend-4v44xv7dwv4v8z2d");
    assertThat(SyncedNames.hashed("", "dpi-1", "zone")).isEqualTo("dpi-1-bx2dwzbd24fxv29x");
    assertThat(SyncedNames.hashed("default", "web-1", "zone-1", "kuma-demo")).isEqualTo("web-1-9z588w2z74z2v428");
  }

  @Test
  void aLongNameIsCutToFitKubernetesLimit() {
    String hashed = SyncedNames.hashed("default", "x".repeat(300), "zone-1");
    assertThat(hashed).hasSize(253).matches("x{236}-[bcdfghjklmnpqrstvwxz2456789]{16}");
  }
}
