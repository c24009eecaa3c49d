package org.openiwd.deploy.docker;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * A Dockerfile read the way the builder reads it: comment lines dropped, backslash continuations joined (a comment
 * inside a continued instruction is skipped, as BuildKit does), each instruction split into its keyword and its
 * arguments; instructions grouped by build stage ({@code FROM}). Parser directives and heredocs are not supported
 * (the project's Dockerfiles have neither but the {@code syntax} line, which is a comment here).
 */
public record Dockerfile(List<Stage> stages) {

    /** One instruction: the upper-case keyword and the text after it. */
    public record Instruction(String keyword, String arguments) {

        /** Whether the arguments are the JSON array of the exec form. */
        public boolean execForm() {
            return arguments.startsWith("[");
        }

        /** The exec form's array; fails on the shell form. */
        public List<String> execArguments() {
            if (!execForm()) {
                throw new IllegalStateException(keyword + " is in shell form: " + arguments);
            }
            return JsonMapper.builder().build().readValue(arguments, new TypeReference<List<String>>() { });
        }

        /** The {@code --flag=value} options before the arguments proper (COPY --from, HEALTHCHECK --interval...). */
        public List<String> flags() {
            List<String> flags = new ArrayList<>();
            for (String word : arguments.split("\\s+")) {
                if (!word.startsWith("--")) {
                    break;
                }
                flags.add(word);
            }
            return flags;
        }

        /** The arguments after the flags. */
        public String withoutFlags() {
            String rest = arguments;
            for (String flag : flags()) {
                rest = rest.substring(rest.indexOf(flag) + flag.length()).stripLeading();
            }
            return rest;
        }
    }

    /** A build stage: its {@code FROM} and what follows it. */
    public record Stage(String from, String name, List<Instruction> instructions) {

        public List<Instruction> all(String keyword) {
            return instructions.stream().filter(i -> i.keyword().equals(keyword)).toList();
        }

        /** The last instruction of that keyword (the one in force, for USER, ENTRYPOINT, HEALTHCHECK...). */
        public Instruction last(String keyword) {
            List<Instruction> all = all(keyword);
            if (all.isEmpty()) {
                throw new AssertionError("no " + keyword + " in the stage FROM " + from);
            }
            return all.getLast();
        }
    }

    public static Dockerfile parse(String text) {
        List<Instruction> instructions = new ArrayList<>();
        StringBuilder current = null;
        for (String raw : text.split("\n", -1)) {
            String line = raw.strip();
            if (line.startsWith("#") || (line.isEmpty() && current == null)) {
                continue;
            }
            if (current == null) {
                current = new StringBuilder();
            }
            boolean continued = line.endsWith("\\");
            current.append(continued ? line.substring(0, line.length() - 1) : line).append(' ');
            if (!continued) {
                instructions.add(instruction(current.toString().strip()));
                current = null;
            }
        }
        if (current != null) {
            throw new IllegalArgumentException("the last instruction ends with a continuation: " + current);
        }
        return new Dockerfile(stages(instructions));
    }

    public Stage finalStage() {
        return stages.getLast();
    }

    private static Instruction instruction(String line) {
        int space = line.indexOf(' ');
        if (space < 0) {
            throw new IllegalArgumentException("an instruction without arguments: " + line);
        }
        return new Instruction(line.substring(0, space).toUpperCase(Locale.ROOT), line.substring(space + 1).strip());
    }

    private static List<Stage> stages(List<Instruction> instructions) {
        List<Stage> stages = new ArrayList<>();
        List<Instruction> body = null;
        for (Instruction instruction : instructions) {
            if (instruction.keyword().equals("FROM")) {
                String[] words = instruction.arguments().split("\\s+");
                String name = words.length == 3 && words[1].equalsIgnoreCase("AS") ? words[2] : null;
                body = new ArrayList<>();
                stages.add(new Stage(words[0], name, body));
            }
            else if (body == null) {
                if (!instruction.keyword().equals("ARG")) {
                    throw new IllegalArgumentException(instruction.keyword() + " before the first FROM");
                }
            }
            else {
                body.add(instruction);
            }
        }
        if (stages.isEmpty()) {
            throw new IllegalArgumentException("no FROM");
        }
        return stages.stream().map(s -> new Stage(s.from(), s.name(), List.copyOf(s.instructions()))).toList();
    }
}
