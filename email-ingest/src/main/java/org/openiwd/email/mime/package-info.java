/**
 * MIME parsing: a raw message into the fields of an inbound email item (bodies, attachments within limits,
 * threading, importance, loop headers, delivery reports), or the reason it cannot be parsed. No I/O besides the
 * bytes given; no state.
 */
package org.openiwd.email.mime;
