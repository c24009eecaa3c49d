package org.openiwd.api;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The IWD work-item service: {@code /iwd/v3} on port 4024, metrics and health on the management port. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class IwdApiApplication {

    public static void main(String[] args) {
        SpringApplication.run(IwdApiApplication.class, args);
    }
}
