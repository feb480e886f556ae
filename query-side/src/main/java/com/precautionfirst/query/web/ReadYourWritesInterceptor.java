package com.precautionfirst.query.web;

import com.precautionfirst.query.projection.ProjectionPositions;
import com.precautionfirst.query.projection.ProjectionProperties;
import com.precautionfirst.support.web.InvalidInputException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Read your writes (agreed with the command side): a GET carrying {@code X-Event-Position: n} (the header of the
 * command-side answer) waits, bounded, until the projections have processed global position n; past the bound it
 * answers anyway and says so with {@code X-Projection-Stale: true}. It waits for all query-side processors, which
 * is simpler than mapping endpoints to processors and costs nothing when they keep up. A position beyond the newest
 * event in the store cannot come from a command-side answer (the event is stored before the answer is sent): it is
 * refused at once (400 naming the header) rather than holding a request thread for the whole wait.
 */
@Configuration
public class ReadYourWritesInterceptor implements HandlerInterceptor, WebMvcConfigurer {

    public static final String POSITION_HEADER = "X-Event-Position";
    public static final String STALE_HEADER = "X-Projection-Stale";

    private final ProjectionPositions positions;
    private final ProjectionProperties properties;

    public ReadYourWritesInterceptor(ProjectionPositions positions, ProjectionProperties properties) {
        this.positions = positions;
        this.properties = properties;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this).addPathPatterns("/api/**");
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
            throws InterruptedException {
        String header = request.getHeader(POSITION_HEADER);
        if (header == null || !"GET".equals(request.getMethod())) {
            return true;
        }
        long position;
        try {
            position = Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            throw new InvalidInputException(POSITION_HEADER, "must be a global event position (a whole number)");
        }
        if (position > positions.head()) {
            throw new InvalidInputException(POSITION_HEADER, "is beyond the newest event in the store");
        }
        if (!positions.await(position, properties.readYourWritesTimeout())) {
            response.setHeader(STALE_HEADER, "true");
        }
        return true;
    }
}
