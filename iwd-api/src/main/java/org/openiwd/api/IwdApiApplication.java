package org.openiwd.api;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.boot.webmvc.autoconfigure.error.ErrorMvcAutoConfiguration;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * The IWD work-item service: {@code /iwd/v3} on port 4024, metrics and health on the management port. Its
 * configuration file is {@code iwd-api.yml}, not {@code application.yml}, so that it can share a JVM and a class
 * path with the other services (the demo, the end-to-end tests). Without Boot's {@code /error} page: errors outside
 * Spring MVC are problems written by {@code web.ProblemErrorReportValve}, like every other error.
 */
@SpringBootApplication(exclude = ErrorMvcAutoConfiguration.class)
@ConfigurationPropertiesScan
@EnableScheduling
public class IwdApiApplication {

    public static final String CONFIG_NAME = "iwd-api";

    public static void main(String[] args) {
        builder().run(args);
    }

    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(IwdApiApplication.class).properties("spring.config.name=" + CONFIG_NAME);
    }
}
