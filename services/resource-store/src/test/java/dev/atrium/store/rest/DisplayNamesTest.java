package dev.atrium.store.rest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DisplayNamesTest {
  // Pairs as Kuma 2.14's GET /_resources spells them (the GUI's labels).
  @ParameterizedTest
  @CsvSource({
    "Mesh, Mesh, Meshes",
    "MeshRetry, Mesh Retry, Mesh Retries",
    "MeshHTTPRoute, Mesh HTTP Route, Mesh HTTP Routes",
    "MeshTLS, Mesh TLS, Mesh TLSes",
    "MeshProxyPatch, Mesh Proxy Patch, Mesh Proxy Patches",
    "MeshLoadBalancingStrategy, Mesh Load Balancing Strategy, Mesh Load Balancing Strategies",
    "MeshOpenTelemetryBackend, Mesh OpenTelemetry Backend, Mesh OpenTelemetry Backends",
    "ZoneEgress, Zone Egress, Zone Egresses",
    "Dataplane, Dataplane, Dataplanes",
    "Retry, Retry, Retries",
    "CircuitBreaker, Circuit Breaker, Circuit Breakers",
    "FaultInjection, Fault Injection, Fault Injections",
  })
  void followsKumasSpelling(String type, String singular, String plural) {
    assertThat(DisplayNames.singular(type)).isEqualTo(singular);
    assertThat(DisplayNames.plural(type)).isEqualTo(plural);
  }
}
