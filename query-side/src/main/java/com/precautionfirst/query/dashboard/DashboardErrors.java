package com.precautionfirst.query.dashboard;

import com.precautionfirst.support.access.AccessLogUnavailableException;
import com.precautionfirst.support.security.Caller;
import com.precautionfirst.support.security.CallerResolver;
import com.precautionfirst.support.web.ForbiddenException;
import com.precautionfirst.support.web.InvalidInputException;
import com.precautionfirst.support.web.NotFoundException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.stereotype.Controller;

/**
 * The pages' answers to what the API answers with problem+json: the same exceptions from the same controllers,
 * written as pages a person can read (403 page, 404, 400 naming the field, 503 when the access log cannot be
 * written). Before the API's handler (ApiExceptionHandler), for the dashboard's controllers only. Also the model
 * every page shares: who is signed in, and how to write instants ({@link Show}).
 */
@ControllerAdvice(basePackageClasses = DashboardErrors.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
public class DashboardErrors {

    static final String UNAVAILABLE = DashboardErrors.class.getName() + ".unavailable";
    private static final Logger log = LoggerFactory.getLogger(DashboardErrors.class);

    private final CallerResolver callers;

    public DashboardErrors(CallerResolver callers) {
        this.callers = callers;
    }

    /** The signed-in user for the page's header; null on the sign-in page. */
    @ModelAttribute("me")
    public Caller me() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication == null || authentication instanceof AnonymousAuthenticationToken
                || !authentication.isAuthenticated() ? null : callers.current();
    }

    @ModelAttribute("show")
    public Show show() {
        return Show.INSTANCE;
    }

    /** Refused by an object check (RecordAccess, which logged it): the 403 page. */
    @ExceptionHandler(ForbiddenException.class)
    public String forbidden(ForbiddenException e, Model model, HttpServletResponse response) {
        shared(model);
        response.setStatus(403);
        model.addAttribute("reason", e.getMessage());
        return "denied";
    }

    @ExceptionHandler(NotFoundException.class)
    public String notFound(NotFoundException e, Model model, HttpServletResponse response) {
        shared(model);
        return problem(model, response, 404, "Not found", e.getMessage());
    }

    @ExceptionHandler(InvalidInputException.class)
    public String invalid(InvalidInputException e, Model model, HttpServletResponse response) {
        shared(model);
        model.addAttribute("errors", e.errors());
        return problem(model, response, 400, "Please check what you entered", null);
    }

    @ExceptionHandler(AccessLogUnavailableException.class)
    public String unavailable(AccessLogUnavailableException e, Model model, HttpServletResponse response) {
        log.error("Access log unavailable, page not shown", e);
        shared(model);
        return problem(model, response, 503, "Not available", AccessLogUnavailableException.DETAIL);
    }

    /** An exception handler's model gets no {@code @ModelAttribute}s: the page header needs them all the same. */
    private void shared(Model model) {
        model.addAttribute("me", me());
        model.addAttribute("show", show());
    }

    static String problem(Model model, HttpServletResponse response, int status, String title, String detail) {
        response.setStatus(status);
        model.addAttribute("status", status);
        model.addAttribute("title", title);
        model.addAttribute("detail", detail);
        return "problem";
    }

    /** Where a refusal by role is forwarded (DashboardSecurityConfiguration): the 403 page, or 503 if not logged. */
    @Controller
    static class DeniedPage {

        @RequestMapping(DashboardSecurityConfiguration.DENIED)
        String denied(HttpServletRequest request, HttpServletResponse response, Model model) {
            if (request.getAttribute(UNAVAILABLE) != null) {
                return problem(model, response, 503, "Not available", AccessLogUnavailableException.DETAIL);
            }
            response.setStatus(403);
            model.addAttribute("reason", "Your role may not open this page.");
            return "denied";
        }

        @GetMapping("/login")
        String signIn() {
            return "login";
        }
    }
}
