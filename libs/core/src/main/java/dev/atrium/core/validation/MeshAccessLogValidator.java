package dev.atrium.core.validation;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atrium.core.model.accesslog.MeshAccessLogSpec;
import dev.atrium.core.model.accesslog.MeshAccessLogSpec.Backend;
import dev.atrium.core.model.accesslog.MeshAccessLogSpec.Conf;
import dev.atrium.core.model.accesslog.MeshAccessLogSpec.Format;
import dev.atrium.core.model.route.TargetRef;
import java.net.URI;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Kuma 2.14's MeshAccessLog validator with its paths and messages. Behind a MeshGateway targetRef
 * {@code to} takes Mesh only; {@code from} takes Mesh. Each entry's {@code default} lists its backends;
 * a file backend needs an absolute path, a tcp one an address, an OpenTelemetry one exactly one of
 * endpoint (host:port) and backendRef and well-formed attribute names; a format is Plain with a
 * non-empty line or Json with non-empty keys and values that make a JSON object.
 */
final class MeshAccessLogValidator {
  private MeshAccessLogValidator() {}

  static final List<String> TOP_KINDS = List.of(TargetRefRules.MESH, TargetRefRules.MESH_SUBSET,
      TargetRefRules.MESH_GATEWAY, TargetRefRules.MESH_SERVICE, TargetRefRules.MESH_SERVICE_SUBSET,
      TargetRefRules.DATAPLANE);
  static final List<String> TO_KINDS_GATEWAY = List.of(TargetRefRules.MESH);
  static final List<String> TO_KINDS = List.of(TargetRefRules.MESH, TargetRefRules.MESH_SERVICE,
      TargetRefRules.MESH_EXTERNAL_SERVICE, TargetRefRules.MESH_MULTI_ZONE_SERVICE, TargetRefRules.MESH_HTTP_ROUTE);
  static final List<String> FROM_KINDS = List.of(TargetRefRules.MESH);

  /** OpenTelemetry attribute names: lowercase, digits, single '.' or '_' between them (Kuma's grammar). */
  private static final Pattern OTEL_ATTRIBUTE = Pattern.compile("^[a-z](?:[a-z0-9]|[._][a-z0-9])*$");
  /** govalidator's IsFilePath: a Windows drive path, or a Unix path from the root. */
  private static final Pattern WINDOWS_PATH = Pattern.compile("^[a-zA-Z]:\\\\(?:[^\\\\/:*?\"<>|\\r\\n]+\\\\)*[^\\\\/:*?\"<>|\\r\\n]*$");
  private static final Pattern UNIX_PATH = Pattern.compile("^(/[^/\\x00]*)+/?$");
  private static final ObjectMapper JSON = new ObjectMapper();

  static void validate(MeshAccessLogSpec spec, FieldPath root, Violations v) {
    boolean inboundPolicy = !spec.from().isEmpty() || !spec.rules().isEmpty();
    if (spec.targetRef() != null) {
      TargetRefRules.check(v, root.field("targetRef"), TargetRefRules.Ref.of(spec.targetRef()), TOP_KINDS, true,
          inboundPolicy);
    }
    if (!spec.rules().isEmpty() && (!spec.to().isEmpty() || !spec.from().isEmpty())) {
      v.add(root, "fields 'to' and 'from' must be empty when 'rules' is defined");
    }
    if (spec.rules().isEmpty() && spec.to().isEmpty() && spec.from().isEmpty()) {
      v.add(root, "at least one of 'from', 'to' or 'rules' has to be defined");
    }
    List<String> toKinds = TargetRefRules.MESH_GATEWAY.equals(topKind(spec.targetRef())) ? TO_KINDS_GATEWAY : TO_KINDS;
    for (int i = 0; i < spec.to().size(); i++) {
      FieldPath path = root.field("to").index(i);
      targetRef(v, path.field("targetRef"), spec.to().get(i).targetRef(), toKinds);
      conf(v, path.field("default"), spec.to().get(i).defaultConf());
    }
    for (int i = 0; i < spec.from().size(); i++) {
      FieldPath path = root.field("from").index(i);
      targetRef(v, path.field("targetRef"), spec.from().get(i).targetRef(), FROM_KINDS);
      conf(v, path.field("default"), spec.from().get(i).defaultConf());
    }
    for (int i = 0; i < spec.rules().size(); i++) {
      FieldPath path = root.field("rules").index(i);
      MeshAccessLogSpec.Rule rule = spec.rules().get(i);
      for (int m = 0; m < rule.matches().size(); m++) {
        if (!rule.matches().get(m).has("spiffeID") && !rule.matches().get(m).has("sni")) {
          v.add(path.field("matches").index(m), "must specify at least one of 'spiffeID' or 'sni'");
        }
      }
      conf(v, path.field("default"), rule.defaultConf());
    }
  }

  /** An absent top-level targetRef means the whole mesh (Kuma's default). */
  private static String topKind(TargetRef ref) {
    return ref == null || ref.kind() == null || ref.kind().isEmpty() ? TargetRefRules.MESH : ref.kind();
  }

  private static void targetRef(Violations v, FieldPath path, TargetRef ref, List<String> kinds) {
    if (ref == null) {
      v.add(path.field("kind"), "must be defined");
    } else {
      TargetRefRules.check(v, path, TargetRefRules.Ref.of(ref), kinds, false);
    }
  }

  private static void conf(Violations v, FieldPath path, Conf conf) {
    if (conf == null || conf.backends() == null) {
      v.add(path.field("backends"), "must be defined");
      return;
    }
    for (int i = 0; i < conf.backends().size(); i++) {
      backend(v, path.field("backends").index(i), conf.backends().get(i));
    }
  }

  private static void backend(Violations v, FieldPath path, Backend backend) {
    String type = backend == null || backend.type() == null ? "" : backend.type();
    switch (type) {
      case "File" -> {
        FieldPath file = path.field("file");
        if (backend.file() == null) {
          v.add(file, "must be defined");
          return;
        }
        if (backend.file().format() != null) format(v, file.field("format"), backend.file().format());
        if (!isFilePath(backend.file().path())) v.add(file.field("path"), "file backend requires a valid path");
      }
      case "Tcp" -> {
        FieldPath tcp = path.field("tcp");
        if (backend.tcp() == null) {
          v.add(tcp, "must be defined");
          return;
        }
        if (backend.tcp().format() != null) format(v, tcp.field("format"), backend.tcp().format());
        if (!isUrl(backend.tcp().address())) v.add(tcp.field("address"), "tcp backend requires valid address");
      }
      case "OpenTelemetry" -> {
        FieldPath otel = path.field("openTelemetry");
        MeshAccessLogSpec.OpenTelemetry o = backend.openTelemetry();
        if (o == null) {
          v.add(otel, "must be defined");
          return;
        }
        String endpoint = o.endpoint() == null ? "" : o.endpoint();
        boolean ref = o.backendRef() != null && !o.backendRef().isNull();
        if (!endpoint.isEmpty() && ref) {
          v.add(otel, "openTelemetry must have only one type defined: endpoint, backendRef");
        } else if (endpoint.isEmpty() && !ref) {
          v.add(otel, "openTelemetry must have exactly one defined: endpoint, backendRef");
        } else if (!endpoint.isEmpty() && endpoint.matches(".*[/?#].*")) {
          v.add(otel.field("endpoint"), "must be in host:port format, not a URL");
        }
        List<MeshAccessLogSpec.Attribute> attributes = o.attributes() == null ? List.of() : o.attributes();
        for (int i = 0; i < attributes.size(); i++) {
          attributeName(v, otel.field("attributes").index(i).field("key"), attributes.get(i).key());
        }
      }
      // Kuma's schema allows only these three; its validator never sees another.
      default -> v.add(path.field("type"), "must be one of: File, Tcp, OpenTelemetry");
    }
  }

  private static void attributeName(Violations v, FieldPath path, String key) {
    if (key == null || key.isEmpty()) {
      v.add(path, "must be defined");
    } else if (key.contains("%")) {
      v.add(path, "must be a static OpenTelemetry attribute name; placeholders are only supported in values");
    } else if (key.startsWith("otel.")) {
      v.add(path, "must not use the reserved OpenTelemetry prefix 'otel.'");
    } else if (!OTEL_ATTRIBUTE.matcher(key).matches()) {
      v.add(path, "must start with a lowercase letter, use only lowercase letters, digits, '.' or '_', avoid"
          + " consecutive delimiters, and end with a letter or digit");
    }
  }

  private static void format(Violations v, FieldPath path, Format format) {
    String type = format.type() == null ? "" : format.type();
    switch (type) {
      case "Plain" -> {
        if (format.plain() == null) {
          v.add(path.field("plain"), "must be defined");
        } else if (format.plain().isEmpty()) {
          v.add(path.field("plain"), "must not be empty");
        }
      }
      case "Json" -> {
        if (format.json() == null) {
          v.add(path.field("json"), "must be defined");
          return;
        }
        if (format.json().isEmpty()) v.add(path.field("json"), "must not be empty");
        for (int i = 0; i < format.json().size(); i++) {
          FieldPath entry = path.field("json").index(i);
          String key = format.json().get(i).key() == null ? "" : format.json().get(i).key();
          String value = format.json().get(i).value() == null ? "" : format.json().get(i).value();
          if (key.isEmpty()) v.add(entry.field("key"), "key cannot be empty");
          if (value.isEmpty()) v.add(entry.field("value"), "value cannot be empty");
          if (!isJsonObject("{\"" + key + "\": \"" + value + "\"}")) v.add(entry, "is not a valid JSON object");
        }
      }
      default -> v.add(path.field("type"), "must be one of: Plain, Json");
    }
  }

  static boolean isFilePath(String path) {
    return path != null && (WINDOWS_PATH.matcher(path).matches() || UNIX_PATH.matcher(path).matches());
  }

  /** govalidator's IsURL, close enough: a host (and optional port) with or without a scheme, no spaces. */
  static boolean isUrl(String address) {
    if (address == null || address.isEmpty() || address.length() >= 2083 || address.matches(".*\\s.*")) return false;
    try {
      URI uri = URI.create(address.contains("://") ? address : "tcp://" + address);
      return uri.getHost() != null && !uri.getHost().isEmpty();
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static boolean isJsonObject(String text) {
    try {
      return JSON.readTree(text).isObject();
    } catch (java.io.IOException e) {
      return false;
    }
  }
}
