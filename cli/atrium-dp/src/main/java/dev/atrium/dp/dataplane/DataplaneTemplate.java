package dev.atrium.dp.dataplane;

import dev.atrium.dp.AgentException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Dataplane file as a template, as in {@code kuma-dp run --dataplane-var name=dp-1}: every
 * {@code {{ key }}} (or {@code {{key}}}) is replaced by the value given for it. A placeholder without a
 * value is an error rather than an empty string, because an empty address or port only fails later,
 * at the control plane, with a message that no longer mentions the variable.
 */
public final class DataplaneTemplate {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([A-Za-z0-9_.-]+)\\s*}}");

  private DataplaneTemplate() {}

  /** {@code key=value} arguments as a map; the value may contain '=', a later key overrides an earlier one. */
  public static Map<String, String> parseVars(List<String> arguments) {
    Map<String, String> vars = new LinkedHashMap<>();
    for (String argument : arguments) {
      int eq = argument.indexOf('=');
      if (eq <= 0) {
        throw new AgentException("Error: --dataplane-var " + argument + " is not key=value");
      }
      vars.put(argument.substring(0, eq).trim(), argument.substring(eq + 1));
    }
    return vars;
  }

  /** {@code template} with every placeholder replaced; names every placeholder that has no value. */
  public static String render(String template, Map<String, String> vars) {
    Set<String> missing = new TreeSet<>();
    Matcher m = PLACEHOLDER.matcher(template);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = vars.get(m.group(1));
      if (value == null) {
        missing.add(m.group(1));
        value = m.group();
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    if (!missing.isEmpty()) {
      throw new AgentException(missing.stream()
          .map(key -> "Error: the Dataplane file uses {{ " + key + " }} but no value was given:"
              + " pass --dataplane-var " + key + "=VALUE")
          .toList());
    }
    return out.toString();
  }
}
