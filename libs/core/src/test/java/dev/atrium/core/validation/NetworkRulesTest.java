package dev.atrium.core.validation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Address and name rules, which must never resolve anything in DNS. */
class NetworkRulesTest {

  @Test
  void ipLiteralsAsGoParsesThem() {
    assertThat(NetworkRules.isIp("10.0.0.1")).isTrue();
    assertThat(NetworkRules.isIp("255.255.255.255")).isTrue();
    assertThat(NetworkRules.isIp("::1")).isTrue();
    assertThat(NetworkRules.isIp("fd00::10")).isTrue();
    assertThat(NetworkRules.isIp("256.1.1.1")).isFalse();
    assertThat(NetworkRules.isIp("010.0.0.1")).isFalse();
    assertThat(NetworkRules.isIp("[::1]")).isFalse();
    assertThat(NetworkRules.isIp("fe80::1%eth0")).isFalse();
    assertThat(NetworkRules.isIp("fd00:::10")).isFalse();
    assertThat(NetworkRules.isIp("example.com")).isFalse();
  }

  @Test
  void dnsNamesForProxyAddresses() {
    assertThat(NetworkRules.isDnsName("web-01.internal.example.com")).isTrue();
    assertThat(NetworkRules.isDnsName("My_Host")).isTrue();
    assertThat(NetworkRules.isDnsName("not an address")).isFalse();
    assertThat(NetworkRules.isDnsName("-leading.example.com")).isFalse();
    assertThat(NetworkRules.isDnsName("10.0.0.1")).isFalse();
  }

  @Test
  void gatewayHostnames() {
    assertThat(violations("*")).isEmpty();
    assertThat(violations("*.example.com")).isEmpty();
    assertThat(violations("foo.example.com")).isEmpty();
    assertThat(violations("Foo.example.com")).containsExactly("invalid hostname");
    assertThat(violations("*.*.example.com")).containsExactly("invalid wildcard domain");
    assertThat(violations("foo.*")).containsExactly("invalid hostname");
  }

  private static java.util.List<String> violations(String hostname) {
    Violations v = new Violations();
    NetworkRules.gatewayHostname(v, FieldPath.root().field("hostname"), hostname);
    return v.list().stream().map(Violation::message).toList();
  }
}
