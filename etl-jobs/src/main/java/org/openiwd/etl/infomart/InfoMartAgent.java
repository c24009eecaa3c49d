package org.openiwd.etl.infomart;

/** An agent as the Info Mart's {@code resource_} has it, with the id IWD tasks name it by. */
public record InfoMartAgent(String agentId, String firstName, String lastName, String employeeId, String userName,
        long updateAuditKey) {
}
