package org.openiwd.api.mailbox;

/** Where a mailbox secret belongs: the side ({@code inbound}, {@code outbound}) and its name, as stored. */
record SecretSlot(String part, String name) {

    static final String INBOUND = "inbound";
    static final String OUTBOUND = "outbound";
    static final String PASSWORD = "password";
    static final String CLIENT_SECRET = "clientSecret";
    static final String REFRESH_TOKEN = "refreshToken";
    static final String SERVICE_ACCOUNT_KEY = "serviceAccountKey";

    /** The field path in the request, for validation errors. */
    String field() {
        return PASSWORD.equals(name) ? part + "." + name : part + ".oauth2." + name;
    }

    /** The associated data a sealed value is bound to. */
    String associatedData(String tenantId, String mailboxId) {
        return "iwd-mailbox-secret|" + tenantId + "|" + mailboxId + "|" + part + "|" + name;
    }
}
