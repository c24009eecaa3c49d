package org.openiwd.api.email;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A task's description from an HTML-only message: readable text, nothing of scripts or styles. */
class HtmlTextTest {

    @Test
    void keepsTheTextAndItsLinesDropsMarkupScriptsAndStyles() {
        String html = "<html><head><title>T</title><style>p{color:red}</style></head><body>"
                + "<p>Hello&nbsp;Ann,</p><div>Order &lt;42&gt; &amp; more<br>Thanks</div>"
                + "<script>alert(1)</script></body></html>";
        assertThat(HtmlText.of(html)).isEqualTo("Hello Ann,\nOrder <42> & more\nThanks");
        assertThat(HtmlText.of(null)).isNull();
    }
}
