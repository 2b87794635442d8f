package dev.autodidact.arch;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The package layering of docs/architecture.md, checked on the compiled classes of the library: each
 * package may use only the project packages listed for it (plus the root package's
 * {@code UserInputException}), so arrows point one way — {@code onnx} knows nothing of {@code nn},
 * {@code runtime} nothing of SimCLR.
 */
class LayeringTest {
  private static final String ROOT = "dev.autodidact";

  /** Package → the project packages it may depend on (besides itself, its subpackages and the root). */
  static final Map<String, List<String>> ALLOWED = Map.ofEntries(
      Map.entry("onnx", List.of()),
      Map.entry("autodiff", List.of("onnx")),
      Map.entry("artifact", List.of("onnx")),
      Map.entry("runtime", List.of("onnx")),
      Map.entry("data", List.of()),
      Map.entry("recipe", List.of("data")),
      Map.entry("nn", List.of("onnx", "recipe")),
      Map.entry("optim", List.of("onnx", "recipe")),
      Map.entry("method", List.of("nn", "optim", "autodiff", "onnx", "recipe", "data")),
      Map.entry("step", List.of("method", "nn", "optim", "autodiff", "onnx", "recipe", "runtime", "artifact")),
      Map.entry("selfcheck", List.of("autodiff", "nn", "onnx", "runtime")));

  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages(ROOT);
  }

  static Object[] packages() {
    return ALLOWED.keySet().stream().sorted().toArray();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("packages")
  void dependsOnlyOnTheLayersBelow(String pkg) {
    String[] ok = ALLOWED.get(pkg).stream().map(p -> ROOT + "." + p + "..").toArray(String[]::new);
    noClasses().that().resideInAPackage(ROOT + "." + pkg + "..")
        .should().dependOnClassesThat(resideInAPackage(ROOT + "..")
            .and(not(resideInAPackage(ROOT + "." + pkg + "..")))
            .and(not(resideInAPackage(ROOT)))
            .and(not(resideInAnyPackage(ok))))
        .because(pkg + " may use only " + String.join(", ", ALLOWED.get(pkg)) + " (docs/architecture.md)")
        .check(classes);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("packages")
  void noLowerLayerUsesTheTopLayers(String pkg) {
    noClasses().that().resideInAPackage(ROOT + "." + pkg + "..")
        .should().dependOnClassesThat().resideInAnyPackage(ROOT + ".train..", ROOT + ".eval..", ROOT + ".report..",
            ROOT + ".finetune..", ROOT + ".api..")
        .check(classes);
  }
}
