package org.openiwd.api.web;

import java.time.temporal.Temporal;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.BeanDescription;
import tools.jackson.databind.DeserializationConfig;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.deser.ValueDeserializerModifier;
import tools.jackson.databind.deser.std.DelegatingDeserializer;

/**
 * Times are read from ISO-8601 text only. Jackson's {@code java.time} readers also take a number as seconds (or
 * milliseconds) since 1970, whatever the coercion settings say, so {@code "dueAt": 1700000000} would be a date
 * that no client meant; here every {@link Temporal} field refuses a number as a value of the wrong type.
 */
final class TextualDates extends ValueDeserializerModifier {

    @Override
    public ValueDeserializer<?> modifyDeserializer(DeserializationConfig config, BeanDescription.Supplier description,
            ValueDeserializer<?> deserializer) {
        return Temporal.class.isAssignableFrom(description.getBeanClass())
                ? new TextOnly(deserializer)
                : deserializer;
    }

    private static final class TextOnly extends DelegatingDeserializer {

        TextOnly(ValueDeserializer<?> delegate) {
            super(delegate);
        }

        @Override
        protected ValueDeserializer<?> newDelegatingInstance(ValueDeserializer<?> delegate) {
            return new TextOnly(delegate);
        }

        @Override
        public Object deserialize(JsonParser p, DeserializationContext ctxt) {
            if (p.currentToken() == JsonToken.VALUE_NUMBER_INT || p.currentToken() == JsonToken.VALUE_NUMBER_FLOAT) {
                return ctxt.reportInputMismatch(this, "A time is ISO-8601 text, not a number.");
            }
            return super.deserialize(p, ctxt);
        }
    }
}
