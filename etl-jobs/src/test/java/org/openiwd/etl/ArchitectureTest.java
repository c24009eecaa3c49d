package org.openiwd.etl;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The ETL's feature packages stay apart, and the ETL never reaches into another service: it reads IWD through
 * its HTTP API only (DESIGN: one path for data, no module reaches into another's database).
 */
@AnalyzeClasses(packages = "org.openiwd.etl", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule featurePackagesAreFreeOfCycles =
            slices().matching("org.openiwd.etl.(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule jobFamiliesDoNotUseEachOther =
            slices().matching("org.openiwd.etl.job.(*)..").should().notDependOnEachOther();

    @ArchTest
    static final ArchRule theFeedClientKnowsNothingOfJobsOrTenants = noClasses().that()
            .resideInAPackage("..etl.feed..").should().dependOnClassesThat()
            .resideInAnyPackage("..etl.job..", "..etl.tenant..");

    @ArchTest
    static final ArchRule noCodeOfOtherServices = noClasses().should().dependOnClassesThat()
            .resideInAnyPackage("org.openiwd.api..", "org.openiwd.email..");
}
