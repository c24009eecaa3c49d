package org.openiwd.api.web;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.openiwd.api.ApiProperties;
import org.openiwd.api.EmailProperties;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a request body over {@code iwd.api.max-request-size} (for the two email submissions, which carry
 * attachments, {@code iwd.api.email.max-request-size}) with a 413 problem before it is parsed: at once
 * when its Content-Length says so, else (a chunked body) by counting its bytes as they are read, so that reading
 * fails with {@link RequestTooLargeException} as soon as the limit is crossed. It runs before authentication, as
 * refusing a huge body costs less than looking up its key, and before Spring's form filter, which reads some
 * bodies itself. The request line and headers are bounded by Tomcat
 * ({@code server.max-http-request-header-size}, 8KB by default).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class RequestSizeFilter extends OncePerRequestFilter {

    /** The requests that carry email content: a message with its attachments, or mail to send. */
    private static final java.util.Set<String> EMAIL_PATHS = java.util.Set.of("/iwd/v3/emails",
            "/iwd/v3/emails/outbound");

    private final DataSize defaultLimit;
    private final DataSize emailLimit;
    private final ProblemWriter problems;

    RequestSizeFilter(ApiProperties properties, EmailProperties email, ProblemWriter problems) {
        this.defaultLimit = properties.maxRequestSize();
        this.emailLimit = email.maxRequestSize();
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        DataSize limit = "POST".equals(request.getMethod())
                && EMAIL_PATHS.contains(request.getRequestURI().substring(request.getContextPath().length()))
                ? emailLimit : defaultLimit;
        long length = request.getContentLengthLong();
        if (length > limit.toBytes()) {
            problems.write(request, response, new RequestTooLargeException(limit).problem());
            return;
        }
        try {
            chain.doFilter(length >= 0 ? request : new CountingRequest(request, limit), response);
        }
        catch (IOException | ServletException | RuntimeException e) {
            // Crossed in a filter that reads the body itself (Spring's form filter): no controller advice ran.
            var tooLarge = RequestTooLargeException.in(e);
            if (tooLarge.isEmpty() || response.isCommitted()) {
                throw e;
            }
            response.resetBuffer();
            problems.write(request, response, tooLarge.get().problem());
        }
    }

    /** A request whose body, of unknown length, fails to read past the limit. */
    private static final class CountingRequest extends HttpServletRequestWrapper {

        private final DataSize limit;
        private ServletInputStream stream;

        CountingRequest(HttpServletRequest request, DataSize limit) {
            super(request);
            this.limit = limit;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new CountingInputStream(super.getInputStream(), limit);
            }
            return stream;
        }

        @Override
        public BufferedReader getReader() throws IOException {
            String encoding = getCharacterEncoding();
            Charset charset = encoding == null ? StandardCharsets.ISO_8859_1 : Charset.forName(encoding);
            return new BufferedReader(new InputStreamReader(getInputStream(), charset));
        }
    }

    private static final class CountingInputStream extends ServletInputStream {

        private final ServletInputStream in;
        private final DataSize limit;
        private long count;

        CountingInputStream(ServletInputStream in, DataSize limit) {
            this.in = in;
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                counted(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            // Never read more than one byte past the limit: that byte is enough to know.
            int n = in.read(buffer, offset, (int) Math.min(length, limit.toBytes() - count + 1));
            if (n > 0) {
                counted(n);
            }
            return n;
        }

        private void counted(int n) throws RequestTooLargeException {
            count += n;
            if (count > limit.toBytes()) {
                throw new RequestTooLargeException(limit);
            }
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }
}
