package dev.atrium.core.xds;

import com.google.protobuf.Any;
import dev.atrium.core.ir.FaultInjectionIr;
import io.envoyproxy.envoy.extensions.filters.common.fault.v3.FaultDelay;
import io.envoyproxy.envoy.extensions.filters.common.fault.v3.FaultRateLimit;
import io.envoyproxy.envoy.extensions.filters.http.fault.v3.FaultAbort;
import io.envoyproxy.envoy.extensions.filters.http.fault.v3.HTTPFault;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import io.envoyproxy.envoy.type.v3.FractionalPercent;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * A MeshFaultInjection's faults as Envoy fault filters, one per fault in list order, added where the
 * caller puts them (before the router). Percentages keep their decimals: a whole number out of a
 * hundred, two decimals out of ten thousand, more out of a million (rounded), as Kuma writes them.
 */
final class FaultFiltersConfigurer {
  static final String FILTER_NAME = "envoy.filters.http.fault";

  private FaultFiltersConfigurer() {}

  static void configure(FaultInjectionIr faults, HttpConnectionManager.Builder hcm) {
    if (faults == null) return;
    for (FaultInjectionIr.Fault fault : faults.faults()) {
      hcm.addHttpFilters(HttpFilter.newBuilder().setName(FILTER_NAME).setTypedConfig(Any.pack(httpFault(fault))));
    }
  }

  static HTTPFault httpFault(FaultInjectionIr.Fault fault) {
    HTTPFault.Builder out = HTTPFault.newBuilder();
    if (fault.delay() != null) {
      out.setDelay(FaultDelay.newBuilder()
          .setFixedDelay(EnvoyProtos.duration(fault.delay().fixedDelay()))
          .setPercentage(percent(fault.delay().percentage())));
    }
    if (fault.abort() != null) {
      out.setAbort(FaultAbort.newBuilder()
          .setHttpStatus(fault.abort().httpStatus())
          .setPercentage(percent(fault.abort().percentage())));
    }
    if (fault.responseBandwidth() != null) {
      out.setResponseRateLimit(FaultRateLimit.newBuilder()
          .setFixedLimit(FaultRateLimit.FixedLimit.newBuilder().setLimitKbps(fault.responseBandwidth().limitKbps()))
          .setPercentage(percent(fault.responseBandwidth().percentage())));
    }
    return out.build();
  }

  static FractionalPercent percent(BigDecimal value) {
    if (isWhole(value)) {
      return FractionalPercent.newBuilder().setNumerator(value.intValueExact())
          .setDenominator(FractionalPercent.DenominatorType.HUNDRED).build();
    }
    BigDecimal hundredths = value.movePointRight(2);
    if (isWhole(hundredths)) {
      return FractionalPercent.newBuilder().setNumerator(hundredths.intValueExact())
          .setDenominator(FractionalPercent.DenominatorType.TEN_THOUSAND).build();
    }
    return FractionalPercent.newBuilder()
        .setNumerator(value.movePointRight(4).setScale(0, RoundingMode.HALF_UP).intValueExact())
        .setDenominator(FractionalPercent.DenominatorType.MILLION).build();
  }

  private static boolean isWhole(BigDecimal v) {
    return v.signum() == 0 || v.stripTrailingZeros().scale() <= 0;
  }
}
