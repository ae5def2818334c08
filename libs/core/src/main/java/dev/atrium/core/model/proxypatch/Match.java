package dev.atrium.core.model.proxypatch;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * Which resources a modification applies to; an unset field matches anything. {@code origin} is the part
 * of the control plane that made the resource (Kuma's names: {@code gateway}, {@code inbound},
 * {@code outbound}, {@code transparent}); {@code tags} (listener) and {@code listenerTags} (filters) match
 * the listener's tags; {@code routeConfigurationName} picks a virtual host's route configuration.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Match(String name, String origin, Map<String, String> tags, String listenerName,
    Map<String, String> listenerTags, String routeConfigurationName) {}
