package dev.atrium.core.validation;

import com.google.protobuf.Message;
import dev.atrium.core.model.proxypatch.JsonPatchBlock;
import dev.atrium.core.model.proxypatch.MeshProxyPatchSpec;
import dev.atrium.core.model.proxypatch.Mod;
import dev.atrium.core.model.proxypatch.Modification;
import dev.atrium.core.xds.EnvoyYaml;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Kuma 2.14's MeshProxyPatch validator with its paths and messages. Only system-role policies may target
 * a MeshGateway (never by listener tags); {@code appendModifications} is not empty and each entry sets
 * exactly one of cluster, listener, networkFilter, httpFilter and virtualHost, with an operation of its
 * kind and a {@code value} that parses as the Envoy type (Kuma: "native Envoy resource is not valid"; the
 * reason is the Java protobuf parser's, not Go's).
 */
final class MeshProxyPatchValidator {
  private MeshProxyPatchValidator() {}

  static final List<String> TOP_KINDS_SYSTEM = List.of(TargetRefRules.MESH, TargetRefRules.MESH_SUBSET,
      TargetRefRules.MESH_SERVICE, TargetRefRules.MESH_SERVICE_SUBSET, TargetRefRules.MESH_GATEWAY, TargetRefRules.DATAPLANE);
  static final List<String> TOP_KINDS_OTHER = List.of(TargetRefRules.MESH, TargetRefRules.MESH_SUBSET,
      TargetRefRules.DATAPLANE, TargetRefRules.MESH_SERVICE, TargetRefRules.MESH_SERVICE_SUBSET);

  static final String BEFORE = "must be defined. You need to pick a filter before which this one will be added";
  static final String AFTER = "must be defined. You need to pick a filter after which this one will be added";
  private static final List<String> RESOURCE_OPS = List.of("Add", "Patch", "Remove");
  private static final List<String> FILTER_OPS = List.of("AddFirst", "AddLast", "AddBefore", "AddAfter", "Patch", "Remove");

  static void validate(MeshProxyPatchSpec spec, Map<String, String> labels, FieldPath root, Violations v) {
    if (spec.targetRef() != null) {
      boolean system = RouteTargetRules.isSystemRole(labels);
      TargetRefRules.check(v, root.field("targetRef"), TargetRefRules.Ref.of(spec.targetRef()),
          system ? TOP_KINDS_SYSTEM : TOP_KINDS_OTHER, false);
    }
    FieldPath mods = root.field("default").field("appendModifications");
    List<Modification> list = spec.defaultConf() == null ? List.of() : spec.defaultConf().appendModifications();
    if (list.isEmpty()) v.add(mods, "must not be empty");
    for (int i = 0; i < list.size(); i++) {
      FieldPath path = mods.index(i);
      Modification m = list.get(i);
      int count = m.targets().size();
      if (count != 1) {
        v.add(path, "exactly one modification can be defined at a time. Currently, " + count + " modifications are defined");
        continue;
      }
      Modification.Target target = m.target();
      modification(v, path.field(target.field), target, m.mod());
    }
  }

  private static void modification(Violations v, FieldPath path, Modification.Target target, Mod mod) {
    String op = mod.operation() == null ? "" : mod.operation();
    Supplier<Message.Builder> type = envoyType(target);
    boolean filter = target == Modification.Target.NETWORK_FILTER || target == Modification.Target.HTTP_FILTER;
    boolean hasName = mod.match() != null && mod.match().name() != null;
    switch (op) {
      case "Add" -> {
        if (filter) { operations(v, path, FILTER_OPS); return; }
        if (target == Modification.Target.VIRTUAL_HOST) {
          if (hasName) v.add(path.field("match").field("name"), "must not be defined");
        } else if (mod.match() != null) {
          v.add(path.field("match"), "must not be defined");
        }
        value(v, path.field("value"), mod.value(), type);
      }
      case "AddFirst", "AddLast", "AddBefore", "AddAfter" -> {
        if (!filter) { operations(v, path, RESOURCE_OPS); return; }
        if (op.equals("AddBefore") && !hasName) v.add(path.field("match").field("name"), BEFORE);
        if (op.equals("AddAfter") && !hasName) v.add(path.field("match").field("name"), AFTER);
        value(v, path.field("value"), mod.value(), type);
      }
      case "Patch" -> {
        if (filter && !hasName) v.add(path.field("match").field("name"), "must be defined");
        patch(v, path, mod, type);
      }
      case "Remove" -> {
        if (mod.value() != null) v.add(path.field("value"), "must not be defined");
      }
      default -> operations(v, path, filter ? FILTER_OPS : RESOURCE_OPS);
    }
  }

  private static void operations(Violations v, FieldPath path, List<String> ops) {
    v.add(path.field("operation"), "invalid operation. Available operations: "
        + ops.stream().map(o -> "\"" + o + "\"").collect(Collectors.joining(", ")));
  }

  static Supplier<Message.Builder> envoyType(Modification.Target target) {
    return switch (target) {
      case CLUSTER -> Cluster::newBuilder;
      case LISTENER -> Listener::newBuilder;
      case NETWORK_FILTER -> Filter::newBuilder;
      case HTTP_FILTER -> HttpFilter::newBuilder;
      case VIRTUAL_HOST -> VirtualHost::newBuilder;
    };
  }

  private static void value(Violations v, FieldPath path, String value, Supplier<Message.Builder> type) {
    if (value == null) {
      v.add(path, "must be defined");
      return;
    }
    envoyResource(v, path, value, type);
  }

  static void envoyResource(Violations v, FieldPath path, String value, Supplier<Message.Builder> type) {
    try {
      EnvoyYaml.parse(value, type.get());
    } catch (IllegalArgumentException e) {
      v.add(path, "native Envoy resource is not valid: " + e.getMessage());
    }
  }

  private static void patch(Violations v, FieldPath path, Mod mod, Supplier<Message.Builder> type) {
    List<JsonPatchBlock> patches = mod.jsonPatches() == null ? List.of() : mod.jsonPatches();
    String name = path.toString().substring(path.toString().lastIndexOf('.') + 1);
    if (mod.value() != null) {
      if (!patches.isEmpty()) {
        v.add(path, name + " must have only one type defined: value, jsonPatches");
      } else {
        envoyResource(v, path.field("value"), mod.value(), type);
      }
    } else if (!patches.isEmpty()) {
      jsonPatches(v, path.field("jsonPatches"), patches);
    } else {
      v.add(path, name + " must have exactly one defined: value, jsonPatches");
    }
  }

  /** Kuma's JSON patch block rules: a known op, {@code from} only for move/copy, {@code value} only for add/replace. */
  static void jsonPatches(Violations v, FieldPath path, List<JsonPatchBlock> patches) {
    for (int i = 0; i < patches.size(); i++) {
      FieldPath at = path.index(i);
      JsonPatchBlock p = patches.get(i);
      String op = p.op() == null ? "" : p.op();
      if (!List.of("add", "remove", "replace", "move", "copy").contains(op)) {
        v.add(at.field("op"), "\"op\" must be one of [\"add\", \"remove\", \"replace\", \"move\", \"copy\"]");
      }
      boolean moveOrCopy = op.equals("move") || op.equals("copy");
      if (moveOrCopy && p.from() == null) {
        v.add(at.field("from"), "\"from\" must not be empty when \"op\" is one of [\"move\", \"copy\"]");
      } else if (!moveOrCopy && p.from() != null) {
        v.add(at.field("from"), "\"from\" is allowed only when \"op\" is one of [\"move\", \"copy\"]");
      }
      boolean addOrReplace = op.equals("add") || op.equals("replace");
      if (addOrReplace && p.value() == null) {
        v.add(at.field("value"), "\"value\" must not be empty when \"op\" is one of [\"add\", \"replace\"]");
      } else if (!addOrReplace && p.value() != null) {
        v.add(at.field("value"), "\"value\" is allowed only when \"op\" is one of [\"add\", \"replace\"]");
      }
      if (p.path() == null) {
        v.add(at.field("path"), "must be defined");
      } else if ((p.path().isEmpty() || p.path().equals("/")) && op.equals("remove")) {
        v.add(at.field("path"), "root path cannot be removed");
      }
    }
  }
}
