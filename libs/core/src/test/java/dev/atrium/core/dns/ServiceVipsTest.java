package dev.atrium.core.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ServiceVipsTest {
  @Test
  void everyServiceGetsADistinctAddressInKumasRangeTheSameWhereverItIsComputed() {
    Set<String> services = new LinkedHashSet<>();
    IntStream.range(0, 5000).forEach(i -> services.add("svc-" + i));
    Map<String, String> vips = ServiceVips.compute("default", services);
    assertThat(vips).hasSize(5000);
    assertThat(Set.copyOf(vips.values())).as("no two services share a VIP").hasSize(5000);
    assertThat(vips.values()).allMatch(ip -> {
      int first = Integer.parseInt(ip.substring(0, ip.indexOf('.')));
      return first >= 240 && first <= 255 && !ip.equals("240.0.0.0") && !ip.equals("255.255.255.255");
    });
    assertThat(ServiceVips.compute("default", Set.of("svc-7", "svc-42")).get("svc-42"))
        .as("a VIP depends on its mesh and service, not on the others (no collision)").isEqualTo(vips.get("svc-42"));
    assertThat(ServiceVips.compute("other", Set.of("svc-42")).get("svc-42")).isNotEqualTo(vips.get("svc-42"));
  }

  @Test
  void kumasNamesAndTheDottedFormOfAnUnderscoredService() {
    assertThat(ServiceVips.hostnames("backend")).containsExactly("backend.mesh");
    assertThat(ServiceVips.hostnames("echo_default_svc_80")).containsExactly("echo_default_svc_80.mesh", "echo.default.svc.80.mesh");
  }
}
