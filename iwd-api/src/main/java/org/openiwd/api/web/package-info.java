/** What every controller shares: RFC 9457 problems and their handler. */
package org.openiwd.api.web;
