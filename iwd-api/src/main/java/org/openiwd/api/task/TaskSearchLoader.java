package org.openiwd.api.task;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.openiwd.api.search.TaskLoader;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Gives the search the tasks it found, as {@code GET /tasks/{id}} shows them. */
@Component
class TaskSearchLoader implements TaskLoader {

    private final TaskRepository tasks;

    TaskSearchLoader(TaskRepository tasks) {
        this.tasks = tasks;
    }

    @Override
    @Transactional(readOnly = true)
    public List<Task> load(String tenantId, List<Long> taskIds) {
        Map<Long, Task> found = tasks.findAll(tenantId, taskIds).stream()
                .collect(Collectors.toMap(Task::id, Function.identity()));
        return taskIds.stream().map(found::get).filter(Objects::nonNull).toList();
    }
}
