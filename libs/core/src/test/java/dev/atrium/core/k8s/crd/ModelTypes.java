package dev.atrium.core.k8s.crd;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.LinkedHashSet;
import java.util.Set;

/** Every record type the CRDs are generated from: the kinds' specs and statuses and what they contain. */
final class ModelTypes {
  private ModelTypes() {}

  static Set<Class<?>> records() {
    Set<Class<?>> out = new LinkedHashSet<>();
    for (CrdKind crd : CrdKind.values()) {
      collect(crd.kind().specClass(), out);
      if (crd.statusType() != null) collect(crd.statusType(), out);
    }
    return out;
  }

  private static void collect(Type type, Set<Class<?>> out) {
    if (type instanceof ParameterizedType p) {
      for (Type arg : p.getActualTypeArguments()) collect(arg, out);
    } else if (type instanceof Class<?> c && c.isRecord() && out.add(c)) {
      for (RecordComponent rc : c.getRecordComponents()) collect(rc.getGenericType(), out);
    }
  }
}
