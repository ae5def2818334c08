package dev.atrium.core.validation;

import dev.atrium.core.model.zoneingress.ZoneIngressSpec;
import dev.atrium.core.model.zoneingress.ZoneIngressSpec.Networking;

/** Kuma 2.14's rules for a ZoneIngress, with its field paths and messages. */
final class ZoneIngressValidator {
  private ZoneIngressValidator() {}

  static void validate(ZoneIngressSpec spec, FieldPath root, Violations v) {
    FieldPath net = root.field("networking");
    Networking n = spec.networking() == null ? new Networking(null, null, null, null, null) : spec.networking();
    boolean advertisedAddress = n.advertisedAddress() != null && !n.advertisedAddress().isEmpty();
    boolean advertisedPort = n.advertisedPort() != null && n.advertisedPort() != 0;
    if (!advertisedAddress && advertisedPort) v.add(net.field("advertisedAddress"), "has to be defined with advertisedPort");
    if (advertisedAddress && !advertisedPort) v.add(net.field("advertisedPort"), "has to be defined with advertisedAddress");
    if (n.address() != null && !n.address().isEmpty()) NetworkRules.proxyAddress(v, net.field("address"), n.address());
    if (advertisedAddress) NetworkRules.proxyAddress(v, net.field("advertisedAddress"), n.advertisedAddress());
    NetworkRules.port(v, net.field("port"), n.port());
    if (advertisedPort) NetworkRules.port(v, net.field("advertisedPort"), n.advertisedPort());
    if (n.admin() != null && n.admin().port() != null && n.admin().port().equals(n.port())) {
      v.add(net.field("admin").field("port"), "must differ from port");
    }
    // Kuma's path says "availableService" (singular), and so does this one.
    for (int i = 0; i < spec.availableServices().size(); i++) {
      TagRules.tags(v, root.field("availableService").index(i).field("tags"), spec.availableServices().get(i).tags(),
          TagRules.Options.REQUIRE_SERVICE);
    }
  }
}
