package org.openiwd.etl.console;

import java.util.ArrayList;
import java.util.List;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The sign-in page: the password form, and one button per configured OIDC provider. */
@Controller
class ConsoleLoginController {

    private final ObjectProvider<ClientRegistrationRepository> oidcProviders;

    ConsoleLoginController(ObjectProvider<ClientRegistrationRepository> oidcProviders) {
        this.oidcProviders = oidcProviders;
    }

    @GetMapping(ConsoleSecurity.LOGIN)
    String login(Model model) {
        List<ClientRegistration> providers = new ArrayList<>();
        if (oidcProviders.getIfAvailable() instanceof Iterable<?> registrations) {
            registrations.forEach(registration -> providers.add((ClientRegistration) registration));
        }
        model.addAttribute("oidcProviders", providers);
        return "console/login";
    }
}
