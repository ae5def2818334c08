package dev.atrium.testing.nginx;

import java.nio.file.Path;

/** The nginx.conf of a {@link NginxServer}: everything nginx writes stays under its directory. */
final class NginxConfig {
  private NginxConfig() {}

  static String render(Path dir, int port, String serverBody, boolean root) {
    return render(dir, "127.0.0.1", port, serverBody, root);
  }

  static String render(Path dir, String address, int port, String serverBody, boolean root) {
    String temp = dir.resolve("temp").toString();
    return (root
            // Under root, workers would otherwise run as nobody, who cannot enter the 0700 temp directory.
            ? "user root;\n"
            : "")
        + "worker_processes 1;\n"
        + "pid " + dir.resolve("nginx.pid") + ";\n"
        + "error_log " + dir.resolve("logs/error.log") + " notice;\n"
        + "events {\n"
        + "  worker_connections 256;\n"
        + "}\n"
        + "http {\n"
        + "  access_log " + dir.resolve("logs/access.log") + ";\n"
        + "  default_type application/octet-stream;\n"
        + "  client_body_temp_path " + temp + "/client_body;\n"
        + "  proxy_temp_path " + temp + "/proxy;\n"
        + "  fastcgi_temp_path " + temp + "/fastcgi;\n"
        + "  uwsgi_temp_path " + temp + "/uwsgi;\n"
        + "  scgi_temp_path " + temp + "/scgi;\n"
        + "  server {\n"
        + "    listen " + address + ":" + port + ";\n"
        + "    server_name _;\n"
        + indent(serverBody.strip(), "    ") + "\n"
        + "  }\n"
        + "}\n";
  }

  private static String indent(String text, String prefix) {
    return prefix + text.replace("\n", "\n" + prefix);
  }
}
