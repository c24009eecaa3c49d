package org.openiwd.etl.operation;

import java.time.LocalDateTime;

import org.springframework.batch.core.BatchStatus;

/**
 * One step execution of a job execution, with Spring Batch's counts. For the Data Mart loads a "read" is a feed
 * event, a "write" a loaded event, a "read skip" a quarantined one and a "commit" a page.
 */
public record StepSummary(long id, String name, BatchStatus status, LocalDateTime started, LocalDateTime ended,
        long readCount, long writeCount, long filterCount, long readSkipCount, long writeSkipCount,
        long processSkipCount, long commitCount, long rollbackCount, String exitCode, String exitMessage) {
}
