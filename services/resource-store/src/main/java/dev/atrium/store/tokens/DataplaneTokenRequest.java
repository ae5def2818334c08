package dev.atrium.store.tokens;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;
import java.util.Map;

/**
 * Kuma's body of {@code POST /tokens/dataplane}: which proxies the token may authenticate (every
 * non-empty claim must match) and for how long ({@code validFor}, a Go duration; empty: 10 years).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DataplaneTokenRequest(
    String name, String mesh, Map<String, List<String>> tags, String type, String workload, String validFor) {}
