package org.openiwd.etl;

import org.openiwd.etl.console.PasswordHashCommand;
import org.openiwd.etl.runonce.DropDataMart;
import org.openiwd.etl.runonce.RunOnce;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * The Data Mart: ETL jobs per tenant from the IWD feeds and the Info Mart into {@code iwddm}. Its configuration
 * file is {@code etl-jobs.yml}, so that it can share a JVM with the other services.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class EtlJobsApplication {

    public static final String CONFIG_NAME = "etl-jobs";

    public static void main(String[] args) throws java.io.IOException {
        if (PasswordHashCommand.requested(args)) {
            System.exit(PasswordHashCommand.run(System.in, System.out, System.err));
        }
        var once = RunOnce.parse(args);
        if (once.isPresent()) {
            System.exit(RunOnce.run(once.get(), args));
        }
        var drop = DropDataMart.parse(args);
        if (drop.isPresent()) {
            System.exit(DropDataMart.run(drop.get(), args));
        }
        builder().run(args);
    }

    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(EtlJobsApplication.class)
                .properties("spring.config.name=" + CONFIG_NAME);
    }
}
