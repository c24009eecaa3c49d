package org.openiwd.etl.report;

/** A report or tenant that does not exist (or a tenant the Data Mart does not serve). */
public class UnknownReportException extends RuntimeException {

    public UnknownReportException(String message) {
        super(message);
    }
}
