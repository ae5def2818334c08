package dev.atrium.xds.ads;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProxyIdTest {
  @Test
  void nodeIdSplitsOnTheFirstDotLikeKuma() {
    assertThat(ProxyId.parse("default.kong-01")).contains(new ProxyId("default", "kong-01"));
    assertThat(ProxyId.parse("default.edge-gateway.kuma-system")).contains(new ProxyId("default", "edge-gateway.kuma-system"));
    assertThat(ProxyId.parse("nodot")).isEmpty();
    assertThat(ProxyId.parse(".zi-1")).as("a ZoneIngress: no mesh").contains(ProxyId.ingress("zi-1"));
    assertThat(ProxyId.ingress("zi-1").isIngress()).isTrue();
    assertThat(new ProxyId("default", "x").isIngress()).isFalse();
    assertThat(ProxyId.parse("x.")).isEmpty();
    assertThat(ProxyId.parse(null)).isEmpty();
  }
}
