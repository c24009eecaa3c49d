/**
 * Logging in to mail servers: a mailbox side's user and password, or an OAuth2 access token for XOAUTH2 (client
 * credentials for Office 365, a refresh token or a service account with domain-wide delegation for Gmail), taken
 * from the configured token endpoint and cached until shortly before it expires.
 */
package org.openiwd.email.oauth;
