package dev.atrium.core.xds;

import com.google.protobuf.UInt32Value;
import com.google.protobuf.UInt64Value;
import dev.atrium.core.ir.LoadBalancingIr;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.RuntimeDouble;

/**
 * A MeshLoadBalancingStrategy's balancer on a cluster: Envoy's {@code lb_policy} and, for the kinds that
 * take tuning, {@code least_request_lb_config}, {@code ring_hash_lb_config} or {@code maglev_lb_config}.
 * Only the fields the policy sets are written, so Envoy's defaults hold for the rest. Not applied to an
 * ORIGINAL_DST cluster, whose balancer must stay CLUSTER_PROVIDED (the plugin never gives it a record).
 */
final class LoadBalancerConfigurer implements ClusterConfigurer {
  static final String ACTIVE_REQUEST_BIAS_KEY = "atrium.lb.active_request_bias";

  private final LoadBalancingIr lb;

  LoadBalancerConfigurer(LoadBalancingIr lb) {
    this.lb = lb;
  }

  static boolean applies(LoadBalancingIr lb) {
    return lb != null && lb.lbPolicy() != null;
  }

  @Override
  public void configure(Cluster.Builder cluster) {
    switch (lb.lbPolicy()) {
      case ROUND_ROBIN -> cluster.setLbPolicy(Cluster.LbPolicy.ROUND_ROBIN);
      case RANDOM -> cluster.setLbPolicy(Cluster.LbPolicy.RANDOM);
      case LEAST_REQUEST -> {
        cluster.setLbPolicy(Cluster.LbPolicy.LEAST_REQUEST);
        if (lb.choiceCount() != null || lb.activeRequestBias() != null) {
          Cluster.LeastRequestLbConfig.Builder c = Cluster.LeastRequestLbConfig.newBuilder();
          if (lb.choiceCount() != null) c.setChoiceCount(UInt32Value.of(lb.choiceCount().intValue()));
          if (lb.activeRequestBias() != null) {
            // Envoy requires a runtime key beside the value; no runtime layer sets it, so the value holds.
            c.setActiveRequestBias(RuntimeDouble.newBuilder().setDefaultValue(lb.activeRequestBias())
                .setRuntimeKey(ACTIVE_REQUEST_BIAS_KEY));
          }
          cluster.setLeastRequestLbConfig(c);
        }
      }
      case RING_HASH -> {
        cluster.setLbPolicy(Cluster.LbPolicy.RING_HASH);
        if (lb.hashFunction() != null || lb.minRingSize() != null || lb.maxRingSize() != null) {
          Cluster.RingHashLbConfig.Builder c = Cluster.RingHashLbConfig.newBuilder();
          if (lb.hashFunction() != null) c.setHashFunction(Cluster.RingHashLbConfig.HashFunction.valueOf(lb.hashFunction()));
          if (lb.minRingSize() != null) c.setMinimumRingSize(UInt64Value.of(lb.minRingSize()));
          if (lb.maxRingSize() != null) c.setMaximumRingSize(UInt64Value.of(lb.maxRingSize()));
          cluster.setRingHashLbConfig(c);
        }
      }
      case MAGLEV -> {
        cluster.setLbPolicy(Cluster.LbPolicy.MAGLEV);
        if (lb.tableSize() != null) {
          cluster.setMaglevLbConfig(Cluster.MaglevLbConfig.newBuilder().setTableSize(UInt64Value.of(lb.tableSize())));
        }
      }
    }
  }
}
