package com.precautionfirst.support.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.servlet.ServletRequest;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.util.unit.DataSize;

/**
 * The body limits of RequestBodyLimitFilter, here 100 bytes and 1000 for POST /api/exports/verify: that path alone
 * takes the larger limit, refused at once when announced larger, and when chunked it is handed on unread and counted
 * as the verification reads it, failing (413) at the first byte past the limit; every other path keeps the small one.
 */
class AnExportIsCountedNotReadWholeTest {

    final RequestBodyLimitFilter filter = new RequestBodyLimitFilter(DataSize.ofBytes(100), DataSize.ofBytes(1000));

    @Test
    void anAnnouncedExportUpToItsLimitPassesAndLargerIs413() throws Exception {
        assertThat(filtered(request(RequestBodyLimitFilter.EXPORT_VERIFICATION, 1000, false))).isNotNull();
        assertThat(refused(request(RequestBodyLimitFilter.EXPORT_VERIFICATION, 1001, false))).isTrue();
        assertThat(refused(request("/api/log/verification", 101, false))).as("another path").isTrue();
    }

    @Test
    void aChunkedExportIsCountedAsItIsRead() throws Exception {
        ServletRequest within = filtered(request(RequestBodyLimitFilter.EXPORT_VERIFICATION, 1000, true));
        assertThat(within.getInputStream().readAllBytes()).hasSize(1000);

        ServletRequest beyond = filtered(request(RequestBodyLimitFilter.EXPORT_VERIFICATION, 5000, true));
        assertThat(beyond.getInputStream().readNBytes(1000)).as("handed on unread").hasSize(1000);
        assertThatThrownBy(() -> beyond.getInputStream().read()).isInstanceOf(PayloadTooLargeException.class)
                .hasMessageContaining("larger than 1000 bytes");

        assertThat(refused(request("/api/log/verification", 101, true))).as("another path, chunked").isTrue();
    }

    private static MockHttpServletRequest request(String path, int size, boolean chunked) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", path);
        request.setContent(new byte[size]);
        return chunked ? new Unannounced(request) : request;
    }

    /** What the chain got, or null when the filter answered itself. */
    private ServletRequest filtered(MockHttpServletRequest request) throws Exception {
        AtomicReference<ServletRequest> passed = new AtomicReference<>();
        filter.doFilter(request, new MockHttpServletResponse(), (req, res) -> passed.set(req));
        return passed.get();
    }

    private boolean refused(MockHttpServletRequest request) throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();
        filter.doFilter(request, response, (req, res) -> { });
        if (response.getStatus() == 413) {
            assertThat(response.getContentAsString()).contains("/payload-too-large");
            return true;
        }
        return false;
    }

    /** A request whose length is not announced, as a chunked one. */
    private static final class Unannounced extends MockHttpServletRequest {
        private final MockHttpServletRequest body;

        Unannounced(MockHttpServletRequest body) {
            super("POST", body.getRequestURI());
            this.body = body;
            addHeader("Transfer-Encoding", "chunked");
        }

        @Override
        public long getContentLengthLong() {
            return -1;
        }

        @Override
        public int getContentLength() {
            return -1;
        }

        @Override
        public jakarta.servlet.ServletInputStream getInputStream() {
            return body.getInputStream();
        }
    }
}
