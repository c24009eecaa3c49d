package org.openiwd.api;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** Feature packages stay apart: no cycles between them, and the lifecycle stays pure. */
@AnalyzeClasses(packages = "org.openiwd.api", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule featurePackagesAreFreeOfCycles =
            slices().matching("org.openiwd.api.(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule lifecycleIsPureDomainCode = noClasses().that().resideInAPackage("..lifecycle..")
            .should().dependOnClassesThat().resideOutsideOfPackages("..lifecycle..", "java..");

    @ArchTest
    static final ArchRule onlyTheWebPackageAndFeaturesUseTheWebLayerOfOthersNot = noClasses().that()
            .resideInAPackage("..web..").should().dependOnClassesThat()
            .resideInAnyPackage("org.openiwd.api.task..", "org.openiwd.api.tenant..", "org.openiwd.api.feed..",
                    "org.openiwd.api.security..", "org.openiwd.api.lifecycle..");

    @ArchTest
    static final ArchRule noFeatureReachesIntoTheTaskFeature = noClasses().that()
            .resideOutsideOfPackage("..task..").should().dependOnClassesThat().resideInAPackage("..task..");
}
