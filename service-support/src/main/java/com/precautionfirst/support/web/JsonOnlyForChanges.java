package com.precautionfirst.support.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A state-changing request to the API must say {@code Content-Type: application/json}, with or without a body
 * (e.g. the query side's rebuild). A foreign web page can make a browser send a {@code text/plain} or form POST
 * with the user's credentials without asking (no CORS preflight), but not a JSON one; anything else is refused
 * with 415 before it reaches a controller. Runs after Spring Security, so an unknown caller still gets 401.
 * The one exception: an insurer's export is verified ({@value #EXPORT_VERIFICATION}) in the media type it was
 * downloaded in, {@code text/csv} or {@code application/fhir+json}; neither can be sent cross-site without a preflight
 * either.
 */
@Component
public class JsonOnlyForChanges extends OncePerRequestFilter {

    private static final Set<String> STATE_CHANGING = Set.of("POST", "PUT", "PATCH", "DELETE");
    static final String EXPORT_VERIFICATION = "/api/exports/verify";
    private static final List<MediaType> JSON = List.of(MediaType.APPLICATION_JSON);
    private static final List<MediaType> EXPORT_TYPES = List.of(MediaType.APPLICATION_JSON,
            MediaType.valueOf("text/csv"), MediaType.valueOf("application/fhir+json"));

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !STATE_CHANGING.contains(request.getMethod()) || !request.getRequestURI().startsWith("/api/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        List<MediaType> accepted = request.getRequestURI().equals(EXPORT_VERIFICATION) ? EXPORT_TYPES : JSON;
        if (accepts(accepted, request.getContentType())) {
            chain.doFilter(request, response);
            return;
        }
        response.setStatus(HttpStatus.UNSUPPORTED_MEDIA_TYPE.value());
        response.setCharacterEncoding("UTF-8");
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.getWriter().write(Problems.json(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type",
                "Unsupported media type", "Send Content-Type: " + accepted.stream().map(MediaType::toString)
                        .collect(Collectors.joining(" or ")) + "."));
    }

    private static boolean accepts(List<MediaType> accepted, String contentType) {
        try {
            MediaType type = contentType == null ? null : MediaType.parseMediaType(contentType);
            return type != null && accepted.stream().anyMatch(a -> a.equalsTypeAndSubtype(type));
        } catch (InvalidMediaTypeException e) {
            return false;
        }
    }
}
