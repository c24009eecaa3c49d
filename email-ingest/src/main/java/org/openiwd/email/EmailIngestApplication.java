package org.openiwd.email;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * The email service: tenant mailboxes into IWD work items, and IWD's outbound mail out over SMTP. It talks to
 * IWD only through the API. Its configuration file is {@code email-ingest.yml}, so that it can share a JVM with the
 * other services.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class EmailIngestApplication {

    public static final String CONFIG_NAME = "email-ingest";

    public static void main(String[] args) {
        builder().run(args);
    }

    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(EmailIngestApplication.class)
                .properties("spring.config.name=" + CONFIG_NAME);
    }
}
