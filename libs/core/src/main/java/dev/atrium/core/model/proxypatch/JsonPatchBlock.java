package dev.atrium.core.model.proxypatch;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

/** One RFC 6902 operation on the resource as Envoy's JSON ({@code op}: add, remove, replace, move, copy). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JsonPatchBlock(String op, String path, JsonNode value, String from) {}
