package io.hactl;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

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

    /** The lab and the benchmarks: the lab module's packages (lab/), development tools, not the product. */
    static final String[] LAB = {"io.hactl.lab..", "io.hactl.bench.."};

    @ArchTest
    static final ArchRule no_cycles_between_top_level_packages =
            slices().matching("io.hactl.(*)..").namingSlices("$1")
                    .should().beFreeOfCycles()
                    .because("a package that depends on one that depends back cannot be understood or moved alone:"
                            + " move the shared type down (as pair/ holds Refused, StepFailed, PairLock, LocalNode)");

    @ArchTest
    static final ArchRule cli_is_imported_only_by_cli =
            noClasses().that().resideOutsideOfPackage("io.hactl.cli..")
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
            noClasses().should().dependOnClassesThat().resideInAnyPackage(LAB)
                    .because("the lab and the benchmarks are development tools in lab/, not the product: what both"
                            + " need belongs in the product, and the lab imports it (hactl lab joins the CLI as an"
                            + " ExtraCommand)");

    @ArchTest
    static final ArchRule the_lab_is_not_in_the_product =
            noClasses().should().resideInAnyPackage(LAB)
                    .because("hactl.jar ships the product only: the lab and the benchmarks live in the lab module"
                            + " (lab/), which depends on the controller, never the other way round");

    @ArchTest
    static final ArchRule notifiers_do_not_import_the_controller =
            noClasses().that().resideInAPackage("io.hactl.notify..")
                    .should().dependOnClassesThat(resideInAPackage("io.hactl..")
                            .and(not(resideInAnyPackage("io.hactl.notify..", "io.hactl.model..", "io.hactl.state.."))))
                    .because("notifiers/ sits beside the controller on top of state-model: the controller's"
                            + " alert/ adapts its events to notify.Alert, not the other way round");
}
