/**
 * The connection-policy pass: after translation, each {@link dev.atrium.core.policy.apply.PolicyPlugin}
 * (one per policy kind) reads what the policy stage matched and sets its record on the IR's listeners,
 * routes and clusters ({@link dev.atrium.core.ir.PoliciesIr}); the xDS configurers read those records.
 * Translators stay unaware of policies. See docs/adr/0017-connection-policy-plugins.md.
 */
package dev.atrium.core.policy.apply;
