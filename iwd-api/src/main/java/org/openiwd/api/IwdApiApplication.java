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
@SpringBootApplication(exclude = ErrorMvcAutoConfiguration.class, excludeName = {
    // The etl-jobs console brings Spring Security, Spring Session and Thymeleaf onto a shared class path (the demo,
    // the ETL's end-to-end tests); the API authenticates with its own keys and keeps no session or page.
    "org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration",
    "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration",
    "org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration",
    "org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration",
    "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
    "org.springframework.boot.security.oauth2.client.autoconfigure.OAuth2ClientAutoConfiguration",
    "org.springframework.boot.security.oauth2.client.autoconfigure.servlet.OAuth2ClientWebSecurityAutoConfiguration",
    "org.springframework.boot.session.autoconfigure.SessionAutoConfiguration",
    "org.springframework.boot.session.jdbc.autoconfigure.JdbcSessionAutoConfiguration",
    "org.springframework.boot.thymeleaf.autoconfigure.ThymeleafAutoConfiguration"})
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
