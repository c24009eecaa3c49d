package org.openiwd.email.oauth;

/** No access token: the token endpoint refused or could not be reached, or a secret is missing. */
public class OAuth2Exception extends RuntimeException {

    public OAuth2Exception(String message) {
        super(message);
    }

    public OAuth2Exception(String message, Throwable cause) {
        super(message, cause);
    }
}
