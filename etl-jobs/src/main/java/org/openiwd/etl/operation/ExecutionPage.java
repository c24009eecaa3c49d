package org.openiwd.etl.operation;

import java.util.List;

/**
 * One page of a list of executions, newest first.
 *
 * @param items the executions of this page
 * @param page the page number, from 0
 * @param size the page size asked for
 * @param total how many executions match the filter in all
 */
public record ExecutionPage(List<ExecutionSummary> items, int page, int size, long total) {
}
