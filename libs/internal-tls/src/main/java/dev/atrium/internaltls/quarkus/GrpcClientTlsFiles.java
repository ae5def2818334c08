package dev.atrium.internaltls.quarkus;

import dev.atrium.internaltls.InternalTls;
import io.smallrye.config.ConfigSourceInterceptor;
import io.smallrye.config.ConfigSourceInterceptorContext;
import io.smallrye.config.ConfigValue;
import java.util.Iterator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Gives every Quarkus gRPC client (in Atrium, always a client of a store's Store gRPC API) the internal TLS
 * files: {@code quarkus.grpc.clients.<name>.ssl.trust-store}, {@code .certificate} and {@code .key}, when
 * not set themselves, are {@code atrium.internal-ca-file}, {@code atrium.internal-tls-cert-file} and
 * {@code atrium.internal-tls-key-file} (from {@code ATRIUM_INTERNAL_CA_FILE} etc.).
 *
 * <p>Why not {@code ...ssl.trust-store=${atrium.internal-ca-file:}} in application.properties: with
 * {@code quarkus.native.enabled}, Quarkus' build step {@code GrpcClientProcessor#registerSslResources} reads
 * every property named like that with {@code Config.getValue}, which throws on the empty value of an unset
 * file (SRCFG00040) and fails the native build. Here the names do not exist until asked for, so that step
 * finds none (the files are paths on disk, never resources to bake into the executable), and an unset file is
 * absent, as before: the channel is created without it and {@link InternalTlsStartupCheck} names what is
 * missing. A non-empty placeholder default is no way out: the xds-server creates its channel before that
 * check, so the placeholder would replace the check's message with "Unable to read key from ...".
 *
 * <p>Registered in {@code META-INF/services/io.smallrye.config.ConfigSourceInterceptor}.
 */
public class GrpcClientTlsFiles implements ConfigSourceInterceptor {
  private static final Pattern SSL_FILE = Pattern.compile("quarkus\\.grpc\\.clients\\.[^.]+\\.ssl\\.(trust-store|certificate|key)");

  @Override
  public ConfigValue getValue(ConfigSourceInterceptorContext context, String name) {
    ConfigValue own = context.proceed(name);
    if (own != null) return own;
    Matcher m = SSL_FILE.matcher(name);
    if (!m.matches()) return null;
    ConfigValue file = context.proceed(internalTlsProperty(m.group(1)));
    return file == null ? null : file.withName(name);
  }

  @Override
  public Iterator<String> iterateNames(ConfigSourceInterceptorContext context) {
    return context.iterateNames();
  }

  static String internalTlsProperty(String sslFile) {
    return switch (sslFile) {
      case "trust-store" -> InternalTls.CA_PROPERTY;
      case "certificate" -> InternalTls.CERT_PROPERTY;
      default -> InternalTls.KEY_PROPERTY;
    };
  }
}
