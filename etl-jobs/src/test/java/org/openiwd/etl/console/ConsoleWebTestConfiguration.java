package org.openiwd.etl.console;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Import;

/**
 * What every console web slice test needs besides its controllers: the console's real security rules and users,
 * and the formatter the templates call. Test users (password {@code <role>-secret}): {@code viewer},
 * {@code operator}, {@code admin}; see {@link #USERS}.
 */
@TestConfiguration(proxyBeanMethods = false)
@Import({ConsoleSecurity.class, ConsoleUsers.class, ConsoleFormat.class})
@EnableConfigurationProperties(ConsoleProperties.class)
public class ConsoleWebTestConfiguration {

    /** The users as {@code iwd.console.users} properties, for {@code @WebMvcTest(properties = ...)}. */
    public static final String[] USERS = {
        "iwd.console.users[0].username=viewer",
        "iwd.console.users[0].password-hash=$2a$10$q39M1S44GCNowG9XI6.theQyAep8b7Q7NfLkB3xSEb8mCoJQDUrmq",
        "iwd.console.users[0].role=VIEWER",
        "iwd.console.users[1].username=operator",
        "iwd.console.users[1].password-hash={bcrypt}$2a$10$TwvJ2Xiy0Bo6.dHqB6OIAuq1UASlgYGtZmoRySARP/FahKCU6twfO",
        "iwd.console.users[1].role=OPERATOR",
        "iwd.console.users[2].username=admin",
        "iwd.console.users[2].password-hash=$2a$10$nRho5yDu80Acl6omrlu0YesDomU256Gc1hd7n0x.qx0DKptcmw.IC",
        "iwd.console.users[2].role=ADMIN"};
}
