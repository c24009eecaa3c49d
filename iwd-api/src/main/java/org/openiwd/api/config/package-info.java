/**
 * Tenant configuration: solutions, departments, processes, categories, capture points, queues and business
 * calendars, versioned, with one configuration event per change for the Data Mart.
 */
package org.openiwd.api.config;
