package io.hactl.state;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.equivalentTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.simpleNameStartingWith;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.io.RandomAccessFile;

/**
 * The state model's rules (issue 15), checked where the module is built: it is the pure core
 * that the controller, the CLI and the notifiers share, so it knows none of them, no Spring Boot,
 * and touches no file, socket, process or database. What needs I/O belongs in controller/.
 */
@AnalyzeClasses(packages = "io.hactl", importOptions = ImportOption.DoNotIncludeTests.class)
class StateModelArchitectureTest {

    @ArchTest
    static final ArchRule state_model_imports_nothing_of_the_controller_or_the_notifiers =
            noClasses().should().dependOnClassesThat(resideInAPackage("io.hactl..")
                            .and(not(resideInAnyPackage("io.hactl.model..", "io.hactl.state.."))))
                    .because("state-model (io.hactl.model, io.hactl.state) is the layer below controller/ and"
                            + " notifiers/: move the shared type into state-model, or the code that needs it out");

    @ArchTest
    static final ArchRule state_model_does_not_use_spring_boot =
            noClasses().should().dependOnClassesThat().resideInAPackage("org.springframework.boot..")
                    .because("the state machine is built without a Spring context (ClusterMachine); Spring Boot"
                            + " is the daemon's web side, in controller/api");

    @ArchTest
    static final ArchRule state_model_does_no_io =
            noClasses().should().dependOnClassesThat(
                            resideInAnyPackage("java.nio.file..", "java.nio.channels..", "java.net..", "java.sql..",
                                    "javax.sql..")
                                    .or(resideInAPackage("java.io").and(simpleNameStartingWith("File")))
                                    .or(equivalentTo(RandomAccessFile.class))
                                    .or(equivalentTo(ProcessBuilder.class))
                                    .or(equivalentTo(Process.class)))
                    .because("state-model is pure (a snapshot in, a diagnosis or effects out): files, sockets,"
                            + " processes and JDBC belong in controller/ (probe, node, db, log)");
}
