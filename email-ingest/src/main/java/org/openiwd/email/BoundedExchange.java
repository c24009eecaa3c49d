package org.openiwd.email;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * HTTP calls whose whole exchange, the answer's body included, ends within a deadline. The JDK {@code HttpClient}'s
 * request timeout bounds only the wait for an answer's headers: a peer that stops in the middle of a body would hold
 * the calling thread (a mailbox poller, a health check) for ever. Stateless, thread-safe.
 */
public final class BoundedExchange {

    private BoundedExchange() {
    }

    /**
     * Sends {@code request} and reads its whole answer within {@code deadline}; when it does not end in time, the
     * exchange is cancelled (its connection closed) and {@link HttpTimeoutException}, an {@code IOException}, is
     * thrown. Failures are thrown as {@link HttpClient#send} throws them.
     */
    public static <T> HttpResponse<T> send(HttpClient http, HttpRequest request, HttpResponse.BodyHandler<T> body,
            Duration deadline) throws IOException, InterruptedException {
        CompletableFuture<HttpResponse<T>> exchange = http.sendAsync(request, body);
        try {
            return exchange.get(deadline.toNanos(), TimeUnit.NANOSECONDS);
        }
        catch (TimeoutException e) {
            exchange.cancel(true);
            throw new HttpTimeoutException("no complete answer from " + request.uri() + " within " + deadline);
        }
        catch (InterruptedException e) {
            exchange.cancel(true);
            throw e;
        }
        catch (ExecutionException e) {
            switch (e.getCause()) {
                case IOException io -> throw io;
                case RuntimeException runtime -> throw runtime;
                case Error error -> throw error;
                default -> throw new IOException(e.getCause());
            }
        }
    }
}
