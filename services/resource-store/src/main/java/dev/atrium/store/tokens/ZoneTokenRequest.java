package dev.atrium.store.tokens;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * Kuma's body of {@code POST /tokens/zone}: the zone the token is for, what it may prove to be
 * ({@code ingress}, {@code egress}, and Atrium's {@code cp}), and for how long ({@code validFor}, a Go
 * duration; empty: 10 years, as Kuma).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ZoneTokenRequest(String zone, List<String> scope, String validFor) {}
