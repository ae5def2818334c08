package dev.atrium.core.policy.inspect;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atrium.core.policy.Origin;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * Kuma's rule for one tag subset of destinations ({@code toRules}) or callers ({@code fromRules}): the
 * traffic whose tags carry {@code matchers} (empty: everything else) gets {@code conf}, merged from the
 * entries of {@code origins} (policies in merge order).
 */
public record SubsetRule(Map<String, String> matchers, ObjectNode conf, List<Origin> origins,
    SortedMap<String, FieldProvenance> fields) {}
