package dev.atrium.helm;

import dev.atrium.testing.RepoPaths;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The environment variables a service reads, from its sources: the {@code @ConfigMapping} interfaces
 * under services/&lt;dir&gt;/src/main/java (every property, nested groups included, as SmallRye maps
 * it to the environment: {@code atrium.store.embedded.data-dir} → {@code ATRIUM_STORE_EMBEDDED_DATA_DIR})
 * and the {@code ${ENV:default}} placeholders of its application.properties. Read as text, so the
 * chart's tests need no service on their class path.
 */
final class ServiceConfig {
  private static final Pattern PREFIX = Pattern.compile("@ConfigMapping\\(\\s*prefix\\s*=\\s*\"([^\"]+)\"");
  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)[:}]");
  private static final Pattern INTERFACE = Pattern.compile("\\binterface\\s+(\\w+)");
  private static final Pattern WHOLE_PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(?::([^}]*))?}");
  private static final Pattern METHOD = Pattern.compile("^\\s*(?:@\\w+(?:\\([^)]*\\))?\\s*)*([\\w.<>, ?]+?)\\s+(\\w+)\\(\\)\\s*;");

  private ServiceConfig() {}

  /** Every environment variable services/{dir} reads; fails when the service has no configuration. */
  static Set<String> environment(String dir) {
    Path service = RepoPaths.root().resolve("services").resolve(dir);
    Set<String> env = new TreeSet<>();
    Path properties = service.resolve("src/main/resources/application.properties");
    try {
      if (Files.exists(properties)) {
        Matcher m = PLACEHOLDER.matcher(Files.readString(properties));
        while (m.find()) env.add(m.group(1));
      }
      try (Stream<Path> files = Files.walk(service.resolve("src/main/java"))) {
        for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
          String source = Files.readString(f);
          Matcher prefix = PREFIX.matcher(source);
          if (prefix.find()) mappingProperties(prefix.group(1), source).forEach(p -> env.add(toEnv(p)));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (env.isEmpty()) {
      throw new AssertionError("services/" + dir + " has no @ConfigMapping and no ${ENV} placeholders in"
          + " application.properties: the chart cannot be checked against it");
    }
    return env;
  }

  /** services/{dir}'s application.properties as Quarkus reads it (values unresolved). */
  static Properties applicationProperties(String dir) {
    Properties p = new Properties();
    Path file = RepoPaths.root().resolve("services").resolve(dir).resolve("src/main/resources/application.properties");
    try (var in = Files.newBufferedReader(file)) {
      p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return p;
  }

  /**
   * A property of application.properties as the environment changes it: {@code ${ATRIUM_X:default}} is
   * the variable and its default; a plain value, or a missing property (Quarkus' own default), has none.
   */
  static Setting setting(Properties p, String key, String quarkusDefault) {
    String value = p.getProperty(key);
    if (value == null) return new Setting(Optional.empty(), quarkusDefault);
    Matcher m = WHOLE_PLACEHOLDER.matcher(value.strip());
    if (m.matches()) return new Setting(Optional.of(m.group(1)), m.group(2) == null ? "" : m.group(2));
    return new Setting(Optional.empty(), value.strip());
  }

  /** A property's variable (if any) and its value when the variable is not set. */
  record Setting(Optional<String> env, String defaultValue) {
    /** The value with this environment. */
    String in(Map<String, String> environment) {
      return env.map(environment::get).orElse(defaultValue);
    }
  }

  /** The properties of the mapping in {@code source}: methods of the annotated interface and of nested groups. */
  static List<String> mappingProperties(String prefix, String source) {
    String code = withoutCommentsAndStrings(source);
    // interface name → its methods (return type, name), by brace depth.
    Map<String, List<String[]>> interfaces = new LinkedHashMap<>();
    List<String> stack = new ArrayList<>();
    Map<Integer, String> openedAt = new HashMap<>();
    int depth = 0;
    String pending = null;
    for (String line : code.split("\n")) {
      Matcher i = INTERFACE.matcher(line);
      if (i.find()) {
        pending = i.group(1);
        interfaces.putIfAbsent(pending, new ArrayList<>());
      }
      Matcher m = METHOD.matcher(line);
      if (m.find() && !stack.isEmpty()) {
        interfaces.get(stack.get(stack.size() - 1)).add(new String[] {m.group(1).trim(), m.group(2)});
      }
      for (char ch : line.toCharArray()) {
        if (ch == '{') {
          depth++;
          if (pending != null) {
            stack.add(pending);
            openedAt.put(depth, pending);
            pending = null;
          }
        } else if (ch == '}') {
          if (openedAt.remove(depth) != null) stack.remove(stack.size() - 1);
          depth--;
        }
      }
    }
    if (interfaces.isEmpty()) return List.of();
    List<String> out = new ArrayList<>();
    walk(prefix, interfaces.keySet().iterator().next(), interfaces, out);
    return out;
  }

  /** The source with comments removed and every string or char literal emptied, lines kept. */
  static String withoutCommentsAndStrings(String source) {
    StringBuilder out = new StringBuilder(source.length());
    int n = source.length();
    for (int i = 0; i < n; i++) {
      char c = source.charAt(i);
      char next = i + 1 < n ? source.charAt(i + 1) : 0;
      if (c == '/' && next == '/') {
        while (i < n && source.charAt(i) != '\n') i++;
        if (i < n) out.append('\n');
      } else if (c == '/' && next == '*') {
        i += 2;
        while (i < n && !(source.charAt(i) == '*' && i + 1 < n && source.charAt(i + 1) == '/')) {
          if (source.charAt(i) == '\n') out.append('\n');
          i++;
        }
        i++;
      } else if (c == '"' || c == '\'') {
        out.append(c);
        i++;
        while (i < n && source.charAt(i) != c) {
          if (source.charAt(i) == '\\') i++;
          i++;
        }
        out.append(c);
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static void walk(String prefix, String type, Map<String, List<String[]>> interfaces, List<String> out) {
    for (String[] method : interfaces.get(type)) {
      String property = prefix + "." + kebab(method[1]);
      String returned = method[0].replaceAll(".*\\.", "");
      if (interfaces.containsKey(returned)) {
        walk(property, returned, interfaces, out);
      } else {
        out.add(property);
      }
    }
  }

  static String kebab(String camel) {
    return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
  }

  static String toEnv(String property) {
    return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
  }
}
