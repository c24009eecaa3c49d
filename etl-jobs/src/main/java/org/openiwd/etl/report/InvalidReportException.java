package org.openiwd.etl.report;

/** A report request that cannot be answered as asked (bad range, filter that does not apply); nothing was read. */
public class InvalidReportException extends RuntimeException {

    public InvalidReportException(String message) {
        super(message);
    }
}
