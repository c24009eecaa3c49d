package org.openiwd.deploy.chart;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.openiwd.deploy.Command;

/** values.schema.json: a wrong value fails the install (here: the render) with the path of the value. */
class ValuesSchemaTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            api.replicas=two                                     | /api/replicas
            securityContext.readOnlyRootFilesystem=false         | /securityContext/readOnlyRootFilesystem
            podSecurityContext.runAsNonRoot=false                | /podSecurityContext/runAsNonRoot
            managementPort=8081                                  | /managementPort
            iwdDatabase.url=postgres://db/iwd                    | /iwdDatabase/url
            redis.url=http://redis:6379                          | /redis/url
            monitoring.prometheusOperator=maybe                  | /monitoring/prometheusOperator
            monitoring.monitorKind=Probe                         | /monitoring/monitorKind
            etlJobs.cronJobs.tenants[0].id=no spaces allowed     | /etlJobs/cronJobs/tenants/0/id
            etlJobs.cronJobs.defaultJobs[0].job=reindex          | /etlJobs/cronJobs/defaultJobs/0/job
            etlJobs.console.users[0].role=ROOT                   | /etlJobs/console/users/0
            mailboxEncryptionKey.value=short                     | /mailboxEncryptionKey/value
            api.autoscaling.targetCPUUtilizationPercentage=150   | /api/autoscaling/targetCPUUtilizationPercentage
            apiKeys.admin.secret=typo                            | /apiKeys/admin
            """)
    void aWrongValueFailsTheInstallNamingIt(String setting, String path) {
        Command result = Helm.template("--set", setting);
        assertThat(result.exit()).as(result.output()).isNotZero();
        assertThat(result.output()).contains("values don't meet the specifications of the schema").contains(path);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            monitoring.prometheusOperator=true
            monitoring.prometheusOperator=false
            elasticsearch.enabled=false
            redis.enabled=false
            etlJobs.cronJobs.enabled=true
            """)
    void theDocumentedSwitchesAreAccepted(String setting) {
        Command result = Helm.template("--set", setting);
        assertThat(result.exit()).as(result.output()).isZero();
    }
}
