/** The reporting feeds: positions given after commit by the sequencer, pages and heads for readers. */
package org.openiwd.api.feed;
