/** What the API's background workers share: a thread that lives as long as the application. */
package org.openiwd.api.background;
