package org.openiwd.email.oauth;

/**
 * How to log in to one mail server: a user and a secret, which is a password or, with {@code xoauth2}, an OAuth2
 * access token. {@link #toString()} never shows the secret.
 */
public record MailLogin(String user, String secret, boolean xoauth2) {

    /** No authentication (an SMTP relay that trusts the network). */
    public static final MailLogin NONE = new MailLogin(null, null, false);

    public boolean authenticates() {
        return user != null;
    }

    @Override
    public String toString() {
        return "MailLogin[user=" + user + ", xoauth2=" + xoauth2 + "]";
    }
}
