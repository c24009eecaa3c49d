package org.openiwd.api.task;

import java.net.URI;
import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.openiwd.api.lifecycle.TaskAction;
import org.openiwd.api.security.Caller;
import org.openiwd.api.security.Role;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.openiwd.api.web.ETags;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code /iwd/v3/tasks}: create, read and act on work items, by task id or by capture point and capture id. */
@RestController
@RequestMapping("/iwd/v3")
@Tag(name = "Tasks", description = "Work items and their lifecycle; every accepted change appends one reporting event")
class TaskController {

    private static final String ACTIONS = "The action; the task's status decides which are allowed (409 otherwise)";

    private final TaskService service;

    TaskController(TaskService service) {
        this.service = service;
    }

    /** 201 with the new task, or 200 with the existing one when the capture id was seen before. */
    @PostMapping("/tasks")
    @Operation(operationId = "createTask", summary = "Create a task, once per capture point and capture id")
    @ApiResponse(responseCode = "201", description = "Created", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "200", description = "The capture id was seen before: the existing task",
            useReturnTypeSchema = true)
    ResponseEntity<Task> create(Caller caller, @Valid @RequestBody CreateTaskRequest request) {
        TaskService.Outcome outcome = service.create(writer(caller), request);
        Task task = outcome.task();
        ResponseEntity.BodyBuilder response = outcome.created()
                ? ResponseEntity.created(URI.create("/iwd/v3/tasks/" + task.id()))
                : ResponseEntity.ok();
        return response.eTag(etag(task)).body(task);
    }

    @GetMapping("/tasks/{id}")
    @Operation(operationId = "getTask", summary = "Get a task")
    ResponseEntity<Task> get(Caller caller, @PathVariable long id) {
        Task task = service.get(writer(caller), id);
        return ResponseEntity.ok().eTag(etag(task)).body(task);
    }

    /** Changes details; {@code If-Match} with the ETag makes it conditional (412 when the task moved on). */
    @PatchMapping("/tasks/{id}")
    @Operation(operationId = "patchTask", summary = "Change a task's details")
    @ApiResponse(responseCode = "200", description = "OK", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "409", ref = "Conflict")
    ResponseEntity<Task> patch(Caller caller, @PathVariable long id,
            @RequestHeader(name = "If-Match", required = false) String ifMatch, @Valid @RequestBody TaskPatch patch) {
        Task task = service.patch(writer(caller), id, patch, ETags.version(ifMatch));
        return ResponseEntity.ok().eTag(etag(task)).body(task);
    }

    @GetMapping("/tasks/{id}/history")
    @Operation(operationId = "getTaskHistory", summary = "A task's events, oldest first")
    Map<String, List<Map<String, Object>>> history(Caller caller, @PathVariable long id) {
        return Map.of("events", service.history(writer(caller), id));
    }

    @PostMapping("/tasks/{id}/{action}")
    @Operation(operationId = "actOnTask", summary = "Act on a task")
    @ApiResponse(responseCode = "200", description = "OK", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "409", ref = "Conflict")
    ResponseEntity<Task> act(Caller caller, @PathVariable long id,
            @Parameter(description = ACTIONS, schema = @Schema(allowableValues = {"assign", "transfer", "complete",
                "cancel", "reject", "hold", "resume", "restart"})) @PathVariable String action,
            @Valid @RequestBody(required = false) ActionRequest body) {
        Task task = service.act(writer(caller), id, TaskAction.fromPath(action),
                body == null ? ActionRequest.EMPTY : body);
        return ResponseEntity.ok().eTag(etag(task)).body(task);
    }

    @PostMapping("/capture-points/{capturePointId}/tasks/{captureId}/{action}")
    @Operation(operationId = "actOnTaskByCapture", summary = "Act on a task named by its capture point and capture id")
    @ApiResponse(responseCode = "200", description = "OK", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "409", ref = "Conflict")
    ResponseEntity<Task> actByCapture(Caller caller, @PathVariable String capturePointId,
            @PathVariable String captureId,
            @Parameter(description = ACTIONS, schema = @Schema(allowableValues = {"assign", "transfer", "complete",
                "cancel", "reject", "hold", "resume", "restart"})) @PathVariable String action,
            @Valid @RequestBody(required = false) ActionRequest body) {
        long id = service.idOf(writer(caller), capturePointId, captureId);
        return act(caller, id, action, body);
    }

    private static Caller writer(Caller caller) {
        return caller.require(Role.TENANT, Role.IMPORT);
    }

    private static String etag(Task task) {
        return "\"" + task.version() + "\"";
    }
}
