package dev.atrium.e2e.dataplane;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atrium.e2e.AdsProbe;
import io.grpc.Status;
import org.junit.jupiter.api.Test;

/** A proxy whose Dataplane does not exist gets a clear error and no config. */
class UnknownProxyE2ETest extends WithControlPlane {

  @Test
  void adsStreamOfAnUnknownDataplaneIsRefusedWithItsName() throws Exception {
    Status status = openAds("default.ghost");
    assertThat(status.getCode()).isEqualTo(Status.Code.NOT_FOUND);
    assertThat(status.getDescription()).contains("Dataplane \"ghost\" not found in mesh \"default\"");

    assertThat(openAds("no-dot-here").getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
  }

  @Test
  void bootstrapOfAnUnregisteredDataplaneIs404SoTheAgentRetries() {
    int status = ProxyStatusClient.post(xds.url() + "/bootstrap", "{\"mesh\":\"default\",\"name\":\"ghost\","
        + "\"dataplaneToken\":\"" + xds.dataplaneToken("default", null) + "\"}");
    assertThat(status).isEqualTo(404);
  }

  /** Opens an ADS stream as the given node with a token for the mesh (the refusal is about the Dataplane, not about who asks). */
  private Status openAds(String nodeId) {
    return AdsProbe.connect(xds, nodeId, xds.dataplaneToken("default", null));
  }
}
