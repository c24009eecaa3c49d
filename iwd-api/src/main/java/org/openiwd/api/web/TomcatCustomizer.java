package org.openiwd.api.web;

import org.apache.catalina.Host;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.openiwd.api.ApiProperties;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Holds Tomcat to the API's contract where it acts before the application: {@link ProblemErrorReportValve} takes
 * the place of its HTML error report (and of the one Spring Boot adds), and the form bodies it reads itself (Spring
 * asks it for a POSTed form's parameters) are bounded by {@code iwd.api.max-request-size} like every other body.
 * Runs after Boot's own customizer, so that its settings win.
 */
@Component
class TomcatCustomizer implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

    private final JsonMapper json;
    private final int maxFormBytes;

    TomcatCustomizer(JsonMapper json, ApiProperties properties) {
        this.json = json;
        this.maxFormBytes = (int) Math.min(Integer.MAX_VALUE, properties.maxRequestSize().toBytes());
    }

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        factory.addConnectorCustomizers(connector -> connector.setMaxPostSize(maxFormBytes));
        factory.addContextCustomizers(context -> {
            Host host = (Host) context.getParent();
            for (Valve valve : host.getPipeline().getValves()) {
                if (valve instanceof ErrorReportValve) {
                    host.getPipeline().removeValve(valve);
                }
            }
            if (host instanceof StandardHost standard) {
                // Tomcat adds a report valve of this class at start unless it finds one already there.
                standard.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
            }
            host.getPipeline().addValve(new ProblemErrorReportValve(json));
        });
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
