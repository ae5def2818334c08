package dev.atrium.core.xds;

import dev.atrium.core.ir.EndpointsIr;
import dev.atrium.core.ir.ProxyIr;

/** EDS: one ClusterLoadAssignment per EDS cluster, empty when its service has no ready endpoint. */
final class EndpointGenerator implements ResourceGenerator {
  @Override
  public void generate(ProxyIr proxy, XdsResources.Builder out) {
    for (EndpointsIr assignment : proxy.endpoints()) {
      out.addShared(EndpointGenerator.class, assignment,
          () -> EnvoyProtos.loadAssignment(assignment.cluster(), assignment.endpoints()));
    }
  }
}
