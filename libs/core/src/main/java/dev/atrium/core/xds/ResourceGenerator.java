package dev.atrium.core.xds;

import dev.atrium.core.ir.ProxyIr;

/** One step of a proxy profile: adds the Envoy resources of one kind that {@code proxy} needs. */
interface ResourceGenerator {
  void generate(ProxyIr proxy, XdsResources.Builder out);
}
