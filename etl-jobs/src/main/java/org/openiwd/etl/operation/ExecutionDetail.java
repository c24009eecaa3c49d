package org.openiwd.etl.operation;

import java.util.List;
import java.util.Map;

/**
 * One job execution with its parameters, exit message and step executions (in the order they were created).
 */
public record ExecutionDetail(ExecutionSummary summary, Map<String, String> parameters, String exitMessage,
        List<StepSummary> steps) {
}
