package org.openiwd.api.web;

import java.beans.PropertyEditorSupport;
import java.util.function.Function;
import java.util.regex.Pattern;

import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.InitBinder;

/**
 * Numbers in paths and query strings are plain decimal integers. Spring's own parsing also takes hexadecimal
 * ({@code 0x1F}) and drops whitespace anywhere ({@code "1 1"} is 11), so a mangled id would name another object
 * instead of failing; here it fails, as {@code invalid-parameter}. Property editors, not converters: Spring falls
 * back to its lenient default editor when a converter refuses a value.
 */
@ControllerAdvice
class StrictNumbers {

    private static final Pattern DECIMAL = Pattern.compile("-?[0-9]{1,20}");

    @InitBinder
    void decimalIntegersOnly(WebDataBinder binder) {
        binder.registerCustomEditor(long.class, new DecimalEditor(Long::valueOf));
        binder.registerCustomEditor(Long.class, new DecimalEditor(Long::valueOf));
        binder.registerCustomEditor(int.class, new DecimalEditor(Integer::valueOf));
        binder.registerCustomEditor(Integer.class, new DecimalEditor(Integer::valueOf));
    }

    private static final class DecimalEditor extends PropertyEditorSupport {

        private final Function<String, Number> parse;

        DecimalEditor(Function<String, Number> parse) {
            this.parse = parse;
        }

        /** Throws {@link IllegalArgumentException} (a {@link NumberFormatException} when out of range). */
        @Override
        public void setAsText(String text) {
            if (text == null || text.isEmpty()) {
                setValue(null);
                return;
            }
            if (!DECIMAL.matcher(text).matches()) {
                throw new IllegalArgumentException("'" + text + "' is not a decimal integer");
            }
            setValue(parse.apply(text));
        }
    }
}
