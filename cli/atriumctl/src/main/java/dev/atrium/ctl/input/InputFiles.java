package dev.atrium.ctl.input;

import dev.atrium.ctl.CliException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * What {@code -f} names, read into text: a file, {@code -} for stdin, or a directory, whose
 * {@code *.yaml}, {@code *.yml} and {@code *.json} files are taken in name order (not recursively, as
 * with {@code kubectl apply -f DIR}) so that, say, a Mesh in {@code 00-mesh.yaml} goes in first.
 */
public final class InputFiles {
  private InputFiles() {}

  /** One piece of input text and where it came from, for error messages. */
  public record Source(String name, String text) {}

  public static final String STDIN = "-";

  public static List<Source> read(List<String> args, InputStream stdin) {
    List<Source> out = new ArrayList<>();
    boolean stdinRead = false;
    for (String arg : args) {
      if (arg.equals(STDIN)) {
        // stdin can only be drained once; a second "-" would silently apply nothing.
        if (stdinRead) throw new CliException("-f - (stdin) can be given only once");
        stdinRead = true;
        out.add(new Source("<stdin>", readStdin(stdin)));
        continue;
      }
      Path path = Path.of(arg);
      if (Files.isDirectory(path)) {
        List<Path> files = manifestsIn(path);
        if (files.isEmpty()) throw new CliException(arg + ": directory has no .yaml, .yml or .json files");
        for (Path file : files) out.add(new Source(file.toString(), readFile(file)));
      } else if (Files.isRegularFile(path)) {
        out.add(new Source(arg, readFile(path)));
      } else {
        throw new CliException(arg + ": no such file or directory");
      }
    }
    return out;
  }

  static boolean isManifest(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    return !name.startsWith(".") && (name.endsWith(".yaml") || name.endsWith(".yml") || name.endsWith(".json"));
  }

  private static List<Path> manifestsIn(Path dir) {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.filter(Files::isRegularFile).filter(InputFiles::isManifest).sorted().toList();
    } catch (IOException e) {
      throw new CliException(dir + ": cannot list directory: " + e.getMessage());
    }
  }

  private static String readFile(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException | UncheckedIOException e) {
      throw new CliException(file + ": cannot read: " + e.getMessage());
    }
  }

  private static String readStdin(InputStream stdin) {
    try {
      return new String(stdin.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new CliException("cannot read stdin: " + e.getMessage());
    }
  }
}
