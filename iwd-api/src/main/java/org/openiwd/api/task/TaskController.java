package org.openiwd.api.task;

import java.net.URI;
import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;

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
class TaskController {

    private final TaskService service;

    TaskController(TaskService service) {
        this.service = service;
    }

    /** 201 with the new task, or 200 with the existing one when the capture id was seen before. */
    @PostMapping("/tasks")
    ResponseEntity<Task> create(Caller caller, @Valid @RequestBody CreateTaskRequest request) {
        TaskService.Outcome outcome = service.create(writer(caller), request);
        Task task = outcome.task();
        ResponseEntity.BodyBuilder response = outcome.created()
                ? ResponseEntity.created(URI.create("/iwd/v3/tasks/" + task.id()))
                : ResponseEntity.ok();
        return response.eTag(etag(task)).body(task);
    }

    @GetMapping("/tasks/{id}")
    ResponseEntity<Task> get(Caller caller, @PathVariable long id) {
        Task task = service.get(writer(caller), id);
        return ResponseEntity.ok().eTag(etag(task)).body(task);
    }

    /** Changes details; {@code If-Match} with the ETag makes it conditional (412 when the task moved on). */
    @PatchMapping("/tasks/{id}")
    ResponseEntity<Task> patch(Caller caller, @PathVariable long id,
            @RequestHeader(name = "If-Match", required = false) String ifMatch, @Valid @RequestBody TaskPatch patch) {
        Task task = service.patch(writer(caller), id, patch, ETags.version(ifMatch));
        return ResponseEntity.ok().eTag(etag(task)).body(task);
    }

    @GetMapping("/tasks/{id}/history")
    Map<String, List<Map<String, Object>>> history(Caller caller, @PathVariable long id) {
        return Map.of("events", service.history(writer(caller), id));
    }

    @PostMapping("/tasks/{id}/{action}")
    ResponseEntity<Task> act(Caller caller, @PathVariable long id, @PathVariable String action,
            @Valid @RequestBody(required = false) ActionRequest body) {
        Task task = service.act(writer(caller), id, TaskAction.fromPath(action),
                body == null ? ActionRequest.EMPTY : body);
        return ResponseEntity.ok().eTag(etag(task)).body(task);
    }

    @PostMapping("/capture-points/{capturePointId}/tasks/{captureId}/{action}")
    ResponseEntity<Task> actByCapture(Caller caller, @PathVariable String capturePointId,
            @PathVariable String captureId, @PathVariable String action,
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
