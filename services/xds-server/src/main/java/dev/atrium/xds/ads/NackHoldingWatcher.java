package dev.atrium.xds.ads;

import io.envoyproxy.controlplane.cache.ConfigWatcher;
import io.envoyproxy.controlplane.cache.DeltaResponse;
import io.envoyproxy.controlplane.cache.DeltaWatch;
import io.envoyproxy.controlplane.cache.DeltaXdsRequest;
import io.envoyproxy.controlplane.cache.Response;
import io.envoyproxy.controlplane.cache.Watch;
import io.envoyproxy.controlplane.cache.XdsRequest;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Stops the NACK storm (xds-facts.md): java-control-plane answers a rejection by re-sending the same
 * version at once, because the request still names the older accepted version — 157,023 rejections in
 * 40 s in the experiment. This watcher tells the cache that the proxy already has the version it
 * rejected, so the next response waits for a genuinely new snapshot. Envoy keeps its last good
 * config meanwhile; the rejection is recorded by {@link ProxyStreams}.
 */
final class NackHoldingWatcher implements ConfigWatcher {
  private final ConfigWatcher delegate;
  /** The version carried by the response a NACK's nonce refers to, or null if unknown. */
  private final Function<XdsRequest, String> nackedVersion;

  NackHoldingWatcher(ConfigWatcher delegate, Function<XdsRequest, String> nackedVersion) {
    this.delegate = delegate;
    this.nackedVersion = nackedVersion;
  }

  @Override
  public Watch createWatch(boolean ads, XdsRequest request, Set<String> knownResourceNames,
      Consumer<Response> responseConsumer, boolean hasClusterChanged, boolean allowDefaultEmptyEdsUpdate) {
    XdsRequest effective = request;
    if (request.hasErrorDetail()) {
      String rejected = nackedVersion.apply(request);
      if (rejected != null) {
        effective = XdsRequest.create(request.v3Request().toBuilder().setVersionInfo(rejected).build());
      }
    }
    return delegate.createWatch(ads, effective, knownResourceNames, responseConsumer, hasClusterChanged,
        allowDefaultEmptyEdsUpdate);
  }

  @Override
  public DeltaWatch createDeltaWatch(DeltaXdsRequest request, String requesterVersion,
      Map<String, String> resourceVersions, Set<String> pendingResources, boolean isWildcard,
      Consumer<DeltaResponse> responseConsumer, boolean hasClusterChanged) {
    // Delta requests name per-resource versions the server tracks itself, so a NACK does not make
    // the cache re-send; nothing to hold here.
    return delegate.createDeltaWatch(request, requesterVersion, resourceVersions, pendingResources, isWildcard,
        responseConsumer, hasClusterChanged);
  }
}
