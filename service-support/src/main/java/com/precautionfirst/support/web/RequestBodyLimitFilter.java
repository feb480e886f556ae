package com.precautionfirst.support.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * No request body larger than {@code treatment.http.max-request-body} (64 KiB) is parsed or stored (issue 10: a
 * 14 MB body became a 13 MB event): an announced length over the limit is answered 413 at once, and a chunked
 * body is read up to one byte past the limit before anything else sees it. Runs before authentication, right
 * after the correlation id, so the refusal costs neither BCrypt nor parsing.
 *
 * <p>One path takes more: {@code POST /api/exports/verify} reads an insurer's export, up to
 * {@code treatment.http.max-export-body} (64 MiB), as a stream, one client at a time, never whole. A larger announced
 * length is 413 at once; a chunked body is counted as it is read, and the read that passes the limit fails with
 * {@link PayloadTooLargeException} (413).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
public class RequestBodyLimitFilter extends OncePerRequestFilter {

    /** The path whose body may be as large as an export. */
    public static final String EXPORT_VERIFICATION = "/api/exports/verify";

    private final int limit;
    private final long exportLimit;

    public RequestBodyLimitFilter(@Value("${treatment.http.max-request-body:64KB}") DataSize limit,
                                  @Value("${treatment.http.max-export-body:64MB}") DataSize exportLimit) {
        this.limit = Math.toIntExact(limit.toBytes());
        this.exportLimit = exportLimit.toBytes();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        boolean export = "POST".equals(request.getMethod()) && EXPORT_VERIFICATION.equals(request.getRequestURI());
        long announced = request.getContentLengthLong();
        if (announced > (export ? exportLimit : limit)) {
            refuse(response, export ? exportLimit : limit);
            return;
        }
        if (announced < 0 && request.getHeader("Transfer-Encoding") != null) {
            if (export) {
                request = new CountedBody(request, exportLimit);
            } else {
                byte[] body = request.getInputStream().readNBytes(limit + 1);
                if (body.length > limit) {
                    refuse(response, limit);
                    return;
                }
                request = new ReadBody(request, body);
            }
        }
        chain.doFilter(request, response);
    }

    private static void refuse(HttpServletResponse response, long limit) throws IOException {
        Problems.write(response, HttpStatus.PAYLOAD_TOO_LARGE, "payload-too-large", "Payload too large",
                PayloadTooLargeException.detail(limit));
    }

    /** The request with its (chunked) body counted as it is read: past the limit, the read fails. */
    private static final class CountedBody extends HttpServletRequestWrapper {
        private final long limit;
        private ServletInputStream counted;

        CountedBody(HttpServletRequest request, long limit) {
            super(request);
            this.limit = limit;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (counted == null) {
                ServletInputStream in = super.getInputStream();
                counted = new ServletInputStream() {
                    private long read;

                    @Override
                    public int read() throws IOException {
                        int b = in.read();
                        count(b < 0 ? 0 : 1);
                        return b;
                    }

                    @Override
                    public int read(byte[] b, int off, int len) throws IOException {
                        int n = in.read(b, off, len);
                        count(Math.max(n, 0));
                        return n;
                    }

                    private void count(int n) throws PayloadTooLargeException {
                        read += n;
                        if (read > limit) {
                            throw new PayloadTooLargeException(limit);
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
                        throw new UnsupportedOperationException("the body is read blocking, counted");
                    }
                };
            }
            return counted;
        }

        @Override
        public BufferedReader getReader() throws IOException {
            Charset charset = getCharacterEncoding() == null ? StandardCharsets.UTF_8
                    : Charset.forName(getCharacterEncoding());
            return new BufferedReader(new InputStreamReader(getInputStream(), charset));
        }
    }

    /** The request with its (chunked) body already read into memory. */
    private static final class ReadBody extends HttpServletRequestWrapper {
        private final byte[] body;

        ReadBody(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("the body has been read already");
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            Charset charset = getCharacterEncoding() == null ? StandardCharsets.UTF_8
                    : Charset.forName(getCharacterEncoding());
            return new BufferedReader(new InputStreamReader(getInputStream(), charset));
        }
    }
}
