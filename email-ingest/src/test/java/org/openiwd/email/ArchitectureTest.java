package org.openiwd.email;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The email service's feature packages stay apart, and the service reaches IWD through its HTTP API only (it has
 * no database of its own and uses none of the API's code).
 */
@AnalyzeClasses(packages = "org.openiwd.email", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule featurePackagesAreFreeOfCycles =
            slices().matching("org.openiwd.email.(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule theParserKnowsNothingOfMailboxesOrTheApi = noClasses().that()
            .resideInAPackage("..email.mime..").should().dependOnClassesThat()
            .resideInAnyPackage("..email.api..", "..email.mailbox..", "..email.inbound..");

    @ArchTest
    static final ArchRule noCodeOfOtherServices = noClasses().should().dependOnClassesThat()
            .resideInAnyPackage("org.openiwd.api..", "org.openiwd.etl..", "java.sql..", "javax.sql..");
}
