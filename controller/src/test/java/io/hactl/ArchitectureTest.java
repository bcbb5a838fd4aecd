package io.hactl;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The package rules of controller/ and notifiers/ (issue 15), on the product's classes (tests
 * left out). The state model's own rules are in state-model (StateModelArchitectureTest);
 * docs/architecture.md draws the graph these rules keep. A failure names the class, the
 * dependency and the line: move the class, or the type it needs, to a package both may use.
 */
@AnalyzeClasses(packages = "io.hactl", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    /** The lab and the benchmarks: test fixtures and harnesses, not the product (a module of their own next). */
    static final String[] LAB = {"io.hactl.lab..", "io.hactl.bench.."};

    /**
     * The one named exception to {@link #the_product_does_not_import_the_lab}, frozen: {@code hactl lab ...}
     * (cli.LabCommand and its subcommands) drives the lab from inside the product until the lab
     * moves to its own module, whose own command will take it. Nothing else may join it.
     */
    static final DescribedPredicate<JavaClass> LAB_COMMAND = new DescribedPredicate<>("cli.LabCommand (frozen exception)") {
        @Override
        public boolean test(JavaClass c) {
            String name = c.getName();
            return name.equals("io.hactl.cli.LabCommand") || name.startsWith("io.hactl.cli.LabCommand$");
        }
    };

    @ArchTest
    static final ArchRule no_cycles_between_top_level_packages =
            slices().matching("io.hactl.(*)..").namingSlices("$1")
                    .should().beFreeOfCycles()
                    .because("a package that depends on one that depends back cannot be understood or moved alone:"
                            + " move the shared type down (as pair/ holds Refused, StepFailed, PairLock, LocalNode)");

    @ArchTest
    static final ArchRule cli_is_imported_only_by_cli =
            noClasses().that().resideOutsideOfPackages(concat("io.hactl.cli..", LAB))
                    .should().dependOnClassesThat().resideInAPackage("io.hactl.cli..")
                    .because("commands parse, call and print: what they call lives in its feature package"
                            + " (backup/DbCopy, daemon/ControllerDaemon), never the other way round");

    @ArchTest
    static final ArchRule probes_never_import_ops =
            noClasses().that().resideInAPackage("io.hactl.probe..")
                    .should().dependOnClassesThat().resideInAPackage("io.hactl.ops..")
                    .because("probes only read: they must not be able to change the pair they observe");

    @ArchTest
    static final ArchRule the_product_does_not_import_the_lab =
            noClasses().that().resideOutsideOfPackages(LAB).and(not(LAB_COMMAND))
                    .should().dependOnClassesThat().resideInAnyPackage(LAB)
                    .because("the lab and the benchmarks are fixtures, not the product: what both need belongs"
                            + " in the product, and the lab imports it");

    @ArchTest
    static final ArchRule notifiers_do_not_import_the_controller =
            noClasses().that().resideInAPackage("io.hactl.notify..")
                    .should().dependOnClassesThat(resideInAPackage("io.hactl..")
                            .and(not(resideInAnyPackage("io.hactl.notify..", "io.hactl.model..", "io.hactl.state.."))))
                    .because("notifiers/ sits beside the controller on top of state-model: the controller's"
                            + " alert/ adapts its events to notify.Alert, not the other way round");

    private static String[] concat(String first, String[] rest) {
        String[] all = new String[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }
}
