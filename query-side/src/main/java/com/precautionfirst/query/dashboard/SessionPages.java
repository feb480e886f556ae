package com.precautionfirst.query.dashboard;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.precautionfirst.query.projection.Documents;
import com.precautionfirst.query.session.SessionView;
import com.precautionfirst.query.web.SessionQueryController;
import jakarta.servlet.http.HttpServletRequest;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.thymeleaf.context.Context;
import org.thymeleaf.spring6.SpringTemplateEngine;

/**
 * The session page: the pressure chart, the timeline with amendments beside the entries they correct, the four
 * checks with their evidence; and its live updates while the session is recorded ({@link SessionFeed}). The session
 * is read through the session endpoint's own controller (object check and access-log entry as the API's); the
 * live stream is checked and logged once when it opens, and every update is rendered from the same fragment of the
 * same template as the page ({@code session :: live}), so a live page and a reloaded one show the same.
 */
@Controller
public class SessionPages {

    private static final String LIVE_FRAGMENT = "live";

    private final SessionQueryController sessions;
    private final SessionFeed feed;
    private final SpringTemplateEngine templates;
    private final ObjectMapper json;

    public SessionPages(SessionQueryController sessions, SessionFeed feed, SpringTemplateEngine templates,
                        ObjectMapper json) {
        this.sessions = sessions;
        this.feed = feed;
        this.templates = templates;
        this.json = json;
    }

    @GetMapping("/sessions/{sessionId}")
    public String session(@PathVariable String sessionId, Model model, HttpServletRequest request) {
        model.addAllAttributes(live(sessions.session(sessionId, request).getBody()));
        return "session";
    }

    /** The page's live updates: event {@code session}, data {@code {"html": the live fragment, "chart": ...}}. */
    @GetMapping(path = "/sessions/{sessionId}/live", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @ResponseBody
    public SseEmitter updates(@PathVariable String sessionId, @RequestParam(required = false) String since,
                              HttpServletRequest request) {
        sessions.session(sessionId, request);
        return feed.watch(sessionId, since, this::update);
    }

    /** What the live part of the page shows of a session document. */
    Map<String, Object> live(byte[] document) {
        SessionView session = Documents.read(document, SessionView.class);
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("sessionView", session);
        model.put("version", SessionFeed.version(document));
        model.put("timeline", session.timeline.stream().map(TimelineRow::of).toList());
        model.put("chartJson", chartJson(PressureChart.of(session)));
        model.put("show", Show.INSTANCE);
        return model;
    }

    private String update(byte[] document) {
        Map<String, Object> model = live(document);
        Context context = new Context();
        context.setVariables(model);
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("version", model.get("version"));
        event.put("html", templates.process("session", Set.of(LIVE_FRAGMENT), context));
        event.put("chart", model.get("chartJson"));
        return write(event);
    }

    /** JSON that may stand inside a script element: no "</script>" can end it early. */
    private String chartJson(PressureChart chart) {
        return write(chart).replace("<", "\\u003c");
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
