package dev.atrium.core.validation;

import dev.atrium.core.model.legacy.TimeoutSpec;

/**
 * Kuma's legacy Timeout (timeout_validator.go): sources with kuma.io/service, destinations of
 * kuma.io/service only, a conf whose tcp, http and grpc sections each set at least one timeout, none zero.
 */
final class TimeoutValidator {
  private TimeoutValidator() {}

  private static final String ONE_TIMEOUT = "at least one timeout in section has to be defined";

  static void validate(TimeoutSpec spec, FieldPath root, Violations v) {
    LegacyPolicyRules.sources(v, root.field("sources"), spec.sources(), true);
    LegacyPolicyRules.serviceOnlyDestinations(v, root.field("destinations"), spec.destinations());
    FieldPath conf = root.field("conf");
    TimeoutSpec.Conf c = spec.conf();
    if (c == null) {
      v.add(conf, LegacyPolicyRules.HAS_TO_BE_DEFINED);
      return;
    }
    if (c.tcp() != null) {
      if (c.tcp().idleTimeout() == null) v.add(conf.field("tcp"), ONE_TIMEOUT);
      else LegacyPolicyRules.greaterThan0(v, conf.field("tcp").field("idleTimeout"), c.tcp().idleTimeout());
    }
    if (c.http() != null) {
      FieldPath http = conf.field("http");
      if (c.http().requestTimeout() == null && c.http().idleTimeout() == null) {
        v.add(http, ONE_TIMEOUT);
      } else {
        LegacyPolicyRules.greaterThan0OrNil(v, http.field("requestTimeout"), c.http().requestTimeout());
        LegacyPolicyRules.greaterThan0OrNil(v, http.field("idleTimeout"), c.http().idleTimeout());
      }
    }
    if (c.grpc() != null) {
      FieldPath grpc = conf.field("grpc");
      if (c.grpc().streamIdleTimeout() == null && c.grpc().maxStreamDuration() == null) {
        v.add(grpc, ONE_TIMEOUT);
      } else {
        LegacyPolicyRules.greaterThan0OrNil(v, grpc.field("streamIdleTimeout"), c.grpc().streamIdleTimeout());
        LegacyPolicyRules.greaterThan0OrNil(v, grpc.field("maxStreamDuration"), c.grpc().maxStreamDuration());
      }
    }
    LegacyPolicyRules.duration(v, conf.field("connectTimeout"), c.connectTimeout());
  }
}
