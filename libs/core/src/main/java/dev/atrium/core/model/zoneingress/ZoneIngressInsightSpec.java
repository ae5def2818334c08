package dev.atrium.core.model.zoneingress;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import dev.atrium.core.model.Collect;
import dev.atrium.core.model.ResourceSpec;
import dev.atrium.core.model.insight.DataplaneInsightSpec;
import dev.atrium.core.model.insight.DataplaneInsightSpec.Subscription;
import java.util.List;

/**
 * What a zone's control plane saw of one ZoneIngress's ADS connections, in the shape of Kuma's
 * ZoneIngressInsight ({@code api/mesh/v1alpha1/zone_ingress_insight.proto}): the subscriptions are
 * a DataplaneInsight's (Kuma's DiscoverySubscription), newest last, and there is no {@code mTLS} —
 * an ingress passes mesh TLS through and holds no certificate. Written by the zone's xds-server through
 * the Store API, sent to global; read-only for users. Named like its ZoneIngress.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ZoneIngressInsightSpec(List<Subscription> subscriptions, JsonNode metadata) implements ResourceSpec {

  public ZoneIngressInsightSpec {
    subscriptions = Collect.list(subscriptions);
  }

  /** An ingress's record from the proxy-insight form the xds-server keeps for every proxy (its mTLS dropped). */
  public static ZoneIngressInsightSpec from(DataplaneInsightSpec proxyInsight) {
    return new ZoneIngressInsightSpec(proxyInsight.subscriptions(), proxyInsight.metadata());
  }

  /** The same subscriptions as a proxy insight, whose readings (online, newest) are Kuma's for both kinds. */
  public DataplaneInsightSpec asProxyInsight() {
    return new DataplaneInsightSpec(subscriptions, null, metadata);
  }
}
