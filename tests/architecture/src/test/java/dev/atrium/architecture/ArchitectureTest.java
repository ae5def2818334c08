package dev.atrium.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.base.DescribedPredicate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The house rules of docs/architecture.md, checked on the compiled classes of every library and service
 * (an import that breaks one fails the build and names the offending class and dependency):
 * <ul>
 *   <li>{@code libs/core} (the pure pipeline) and {@code libs/security} import no framework — no Quarkus,
 *       Jakarta, SmallRye, Vert.x, gRPC, fabric8 or JBoss class — so they run in any program and test
 *       without a container;
 *   <li>no service imports another service's code: they share only {@code libs/}.
 * </ul>
 * ArchUnit fails a rule that matches no class, so a service whose classes went missing from the
 * classpath fails here rather than passing unchecked.
 */
class ArchitectureTest {
  static final String[] FRAMEWORKS = {
      "io.quarkus..", "jakarta..", "io.smallrye..", "io.vertx..", "io.grpc..", "io.fabric8..", "org.jboss.."};

  /** RFC 6902 JSON patches (MeshProxyPatch): a plain Jackson library that only lives under fabric8's name. */
  static final String JSON_PATCH = "io.fabric8.zjsonpatch..";

  /** Each service's root package. libs/metrics-support lives in dev.atrium.metrics.support: a library, not the metrics service. */
  static final Map<String, String> SERVICES = Map.of(
      "resource-store", "dev.atrium.store..",
      "xds-server", "dev.atrium.xds..",
      "admission-webhook", "dev.atrium.webhook..",
      "metrics", "dev.atrium.metrics..");
  static final String METRICS_SUPPORT_LIBRARY = "dev.atrium.metrics.support..";

  static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("dev.atrium");
  }

  @Test
  void coreAndSecurityImportNoFramework() {
    noClasses().that().resideInAnyPackage("dev.atrium.core..", "dev.atrium.security..")
        .should().dependOnClassesThat(JavaClass.Predicates.resideInAnyPackage(FRAMEWORKS)
            .and(DescribedPredicate.not(JavaClass.Predicates.resideInAPackage(JSON_PATCH))))
        .because("libs/core and libs/security are plain Java: every stage runs without a server")
        .check(classes);
  }

  static List<String> services() {
    return SERVICES.keySet().stream().sorted().toList();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("services")
  void aServiceImportsNoOtherService(String service) {
    DescribedPredicate<JavaClass> otherServices = DescribedPredicate.describe("belong to another service",
        c -> SERVICES.entrySet().stream()
            .anyMatch(e -> !e.getKey().equals(service) && inService(c, e.getValue())));
    noClasses().that(DescribedPredicate.describe("belong to " + service, c -> inService(c, SERVICES.get(service))))
        .should().dependOnClassesThat(otherServices)
        .because("services share only libs/ and talk over gRPC")
        .check(classes);
  }

  private static boolean inService(JavaClass c, String packagePattern) {
    return c.getPackage().getName().startsWith(packagePattern.replace("..", ""))
        && !c.getPackageName().startsWith(METRICS_SUPPORT_LIBRARY.replace("..", ""));
  }
}
