/**
 * Inspection of the policy stage: which policies apply to a proxy and what each set. {@link PolicyRules}
 * gives Kuma's {@code _rules} view (per policy kind: rules per destination and per inbound, each with
 * its merged conf, the policies that made it, and per field the winner and the entries it overrode);
 * {@link ProxyPolicyEffects} walks a translated proxy and lists, per listener, route and cluster, which
 * policy entry set each field. Pure: the REST layer and atriumctl only render these.
 */
package dev.atrium.core.policy.inspect;
