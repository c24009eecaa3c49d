package org.openiwd.email;

import java.time.Clock;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.openiwd.email.api.IwdEmailApi;
import org.openiwd.email.bounce.BounceRecorder;
import org.openiwd.email.inbound.ImapConnector;
import org.openiwd.email.inbound.InboundSubmitter;
import org.openiwd.email.inbound.MailboxPoller;
import org.openiwd.email.lease.MailboxLease;
import org.openiwd.email.mailbox.MailboxRegistry;
import org.openiwd.email.metrics.EmailMetrics;
import org.openiwd.email.oauth.MailLogins;
import org.openiwd.email.oauth.OAuth2TokenClient;
import org.openiwd.email.outbound.OutboundSender;
import org.openiwd.email.outbound.SmtpConnector;
import org.openiwd.email.round.MailboxRound;

/**
 * One replica of the email service wired by hand, as Spring wires it, around an API client the test chooses (the
 * real one, or the real one wrapped to crash or slow down at a chosen point).
 */
public record ServiceParts(IwdEmailApi api, MeterRegistry meters, EmailMetrics metrics, MailboxRegistry registry,
        MailboxPoller poller, OutboundSender sender, MailboxRound round, MailboxLease lease) implements AutoCloseable {

    public static ServiceParts of(EmailProperties properties, IwdEmailApi api) {
        MeterRegistry meters = new SimpleMeterRegistry();
        EmailMetrics metrics = new EmailMetrics(meters);
        MailboxRegistry registry = new MailboxRegistry(api, List.of(metrics));
        MailboxPoller poller = new MailboxPoller(new ImapConnector(properties),
                new InboundSubmitter(api, new BounceRecorder(api), properties), metrics, properties);
        OutboundSender sender = new OutboundSender(api, new SmtpConnector(properties), metrics, properties);
        MailLogins logins = new MailLogins(new OAuth2TokenClient(properties.api().timeout(), RealApi.JSON,
                Clock.systemUTC()));
        MailboxRound round = new MailboxRound(api, poller, sender, logins, registry, metrics);
        return new ServiceParts(api, meters, metrics, registry, poller, sender, round, new MailboxLease(properties));
    }

    @Override
    public void close() {
        lease.destroy();
    }
}
