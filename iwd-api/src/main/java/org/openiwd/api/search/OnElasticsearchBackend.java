package org.openiwd.api.search;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;

/** A bean that exists only with {@code iwd.api.search.backend=elasticsearch}, the default. */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ConditionalOnProperty(name = "iwd.api.search.backend", havingValue = "elasticsearch", matchIfMissing = true)
@interface OnElasticsearchBackend {
}
