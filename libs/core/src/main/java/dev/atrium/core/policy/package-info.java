/**
 * {@code MeshSnapshot + Dataplane ─► ProxyPolicies}: the policy-matching stage between the snapshot and
 * translation. It decides once which resources apply where on one proxy — a builtin gateway's MeshGateway,
 * listeners and attached routes ({@link dev.atrium.core.policy.GatewayPolicyMatcher}), who may call an
 * inbound ({@link dev.atrium.core.policy.TrafficPermissions}) — with Kuma 2.14's matching shared by every
 * policy kind: {@link dev.atrium.core.policy.TargetRefMatcher}, {@link dev.atrium.core.policy.Specificity},
 * {@link dev.atrium.core.policy.FromRules}, {@link dev.atrium.core.policy.LegacySelectors}. Translators and
 * the status report read its records. Entry point: {@link dev.atrium.core.policy.ProxyPolicies#resolve}.
 */
package dev.atrium.core.policy;
