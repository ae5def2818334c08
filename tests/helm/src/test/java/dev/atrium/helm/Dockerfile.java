package dev.atrium.helm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Dockerfile read as simply as Docker reads the instructions these images use: comments dropped,
 * backslash continuations joined, one instruction per line. Only the final stage is kept (what the
 * image is), except for {@link #from()}, which lists every stage's base.
 */
final class Dockerfile {
  private static final Pattern ENV_PAIR = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=(\"([^\"]*)\"|'([^']*)'|(\\S+))");

  /** One instruction: its keyword upper-cased and the rest of the line. */
  record Instruction(String keyword, String args) {
    List<String> words() {
      return args.isBlank() ? List.of() : Arrays.asList(args.trim().split("\\s+"));
    }
  }

  /** A COPY: its flags (--chown=..., --from=...), sources (relative to the build context) and destination. */
  record Copy(List<String> flags, List<String> sources, String destination) {
    boolean fromStage() {
      return flags.stream().anyMatch(f -> f.startsWith("--from="));
    }
  }

  final Path path;
  private final List<Instruction> all;
  private final List<Instruction> finalStage;

  private Dockerfile(Path path, List<Instruction> all) {
    this.path = path;
    this.all = all;
    int lastFrom = 0;
    for (int i = 0; i < all.size(); i++) {
      if (all.get(i).keyword().equals("FROM")) lastFrom = i;
    }
    this.finalStage = all.subList(lastFrom, all.size());
  }

  static Dockerfile read(Path path) {
    String text;
    try {
      text = Files.readString(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<Instruction> out = new ArrayList<>();
    StringBuilder pending = new StringBuilder();
    for (String raw : text.split("\n")) {
      String line = raw.strip();
      if (line.startsWith("#") || (line.isEmpty() && pending.isEmpty())) continue;
      boolean continued = line.endsWith("\\");
      pending.append(continued ? line.substring(0, line.length() - 1) : line).append(' ');
      if (continued) continue;
      String joined = pending.toString().strip();
      pending.setLength(0);
      if (joined.isEmpty()) continue;
      int space = joined.indexOf(' ');
      String keyword = (space < 0 ? joined : joined.substring(0, space)).toUpperCase(Locale.ROOT);
      out.add(new Instruction(keyword, space < 0 ? "" : joined.substring(space + 1).strip()));
    }
    return new Dockerfile(path, out);
  }

  /** Every stage's base image, in order. */
  List<String> from() {
    return all.stream().filter(i -> i.keyword().equals("FROM")).map(i -> i.words().get(0)).toList();
  }

  /** The final stage's instructions of one kind. */
  List<Instruction> all(String keyword) {
    return finalStage.stream().filter(i -> i.keyword().equals(keyword)).toList();
  }

  /** Ports of every EXPOSE, without a /tcp suffix. */
  TreeSet<Integer> exposed() {
    TreeSet<Integer> ports = new TreeSet<>();
    for (Instruction i : all("EXPOSE")) {
      for (String w : i.words()) ports.add(Integer.parseInt(w.replaceFirst("/tcp$", "")));
    }
    return ports;
  }

  /** Every variable the final stage sets with ENV (KEY=VALUE form), the last value winning. */
  Map<String, String> env() {
    Map<String, String> env = new LinkedHashMap<>();
    for (Instruction i : all("ENV")) {
      Matcher m = ENV_PAIR.matcher(i.args());
      while (m.find()) {
        String value = m.group(3) != null ? m.group(3) : m.group(4) != null ? m.group(4) : m.group(5);
        env.put(m.group(1), value);
      }
    }
    return env;
  }

  /** The user the container runs as: the final stage's last USER, before any ':group'. */
  Optional<String> user() {
    List<Instruction> users = all("USER");
    return users.isEmpty() ? Optional.empty() : Optional.of(users.get(users.size() - 1).words().get(0).split(":")[0]);
  }

  List<Copy> copies() {
    List<Copy> copies = new ArrayList<>();
    for (Instruction i : all("COPY")) {
      List<String> flags = new ArrayList<>();
      List<String> paths = new ArrayList<>();
      for (String w : i.words()) (w.startsWith("--") ? flags : paths).add(w);
      copies.add(new Copy(flags, paths.subList(0, paths.size() - 1), paths.get(paths.size() - 1)));
    }
    return copies;
  }

  @Override
  public String toString() {
    return path.toString();
  }
}
