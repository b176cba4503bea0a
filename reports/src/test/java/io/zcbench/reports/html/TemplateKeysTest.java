package io.zcbench.reports.html;

import com.samskivert.mustache.MustacheException;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A key the template names but the model lacks fails the render; it never renders blank. */
class TemplateKeysTest {
    @Test
    void aMisspeltKeyFailsInsteadOfRenderingBlank() {
        Map<String, Object> model = Map.of("gbs", "9.1");
        MustacheException e = assertThrows(MustacheException.class,
                () -> HtmlReport.compiler().compile("<td>{{gsb}}</td>").execute(model));
        assertTrue(e.getMessage().contains("gsb"), e.getMessage());
        assertThrows(MustacheException.class,
                () -> HtmlReport.compiler().compile("{{#twinNA}}n/a{{/twinNA}}").execute(model));
    }

    @Test
    void aKeyHoldingNullRendersEmptyAndSkipsItsSection() {
        Map<String, Object> model = new HashMap<>();
        model.put("note", null);
        assertEquals("[]", HtmlReport.compiler().compile("[{{note}}{{#note}}x{{/note}}]").execute(model));
    }

    @Test
    void valuesAreEscaped() {
        assertEquals("&lt;script&gt;", HtmlReport.compiler().compile("{{v}}").execute(Map.of("v", "<script>")));
    }
}
