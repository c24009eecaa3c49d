/** The IWD API as the email service uses it. */
package org.openiwd.email.api;
