package dev.atrium.core.policy.inspect;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atrium.core.policy.Origin;

/**
 * One policy entry as written, for Kuma's per-resource views ({@code toResourceRules},
 * {@code inboundRules}): its conf, the policy, and its index in the policy's list ({@code ruleIndex}).
 */
public record EntryConf(ObjectNode conf, Origin origin, int ruleIndex) {}
