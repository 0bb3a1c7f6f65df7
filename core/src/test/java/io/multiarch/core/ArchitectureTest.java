package io.multiarch.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The engine stays plain Java: no Jenkins and no CLI types, so every adapter can use it. */
class ArchitectureTest {
    private final JavaClasses core = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.multiarch.core");

    @Test
    void coreDependsOnNeitherJenkinsNorTheCli() {
        noClasses().that().resideInAPackage("io.multiarch.core..")
                .should().dependOnClassesThat().resideInAnyPackage("hudson..", "jenkins..", "org.jenkinsci..",
                        "org.kohsuke.stapler..", "picocli..", "io.multiarch.cli..", "io.multiarch.jenkins..")
                .check(core);
    }

    @Test
    void coreNeverPrintsToTheConsole() {
        noClasses().that().resideInAPackage("io.multiarch.core..")
                .should().accessField(System.class, "out").orShould().accessField(System.class, "err")
                .check(core);
    }
}
