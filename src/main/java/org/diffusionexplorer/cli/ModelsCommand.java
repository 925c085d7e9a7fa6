package org.diffusionexplorer.cli;

import org.diffusionexplorer.io.InputException;
import org.diffusionexplorer.io.bundle.ModelBundle;
import org.diffusionexplorer.io.bundle.ModelRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "models", mixinStandardHelpOptions = true, description = "Lists the bundled and user models and where they are.")
final class ModelsCommand implements Callable<Integer> {
    @Spec CommandSpec cmd;

    @Override
    public Integer call() {
        PrintWriter out = cmd.commandLine().getOut();
        Map<String, Path> all = ModelRegistry.list();
        if (all.isEmpty()) out.println("no models found in " + ModelRegistry.searchFolders());
        // columns as wide as their longest entry, so long ids stay aligned
        int idW = 2;
        for (String id : all.keySet()) idW = Math.max(idW, Math.min(48, id.length()));
        String row = "%-" + idW + "s  %-5s  %-11s  %-7s  %s  (%s)%n";
        if (!all.isEmpty()) out.printf(row, "id", "type", "input", "classes", "description", "folder");
        for (Map.Entry<String, Path> e : all.entrySet()) {
            try {
                ModelBundle b = ModelBundle.read(e.getValue());
                int classes = b.json().architecture.path("classes").asInt(0);
                out.printf(row, e.getKey(), b.json().architecture.path("type").asText(), Arrays.toString(b.json().inputShape),
                        classes > 0 ? Integer.toString(classes) : "-", b.json().description == null ? "" : b.json().description, e.getValue());
            } catch (InputException ex) {
                out.printf("%-" + idW + "s  (broken: %s)%n", e.getKey(), ex.getMessage());
            }
        }
        out.println("user models go in " + ModelRegistry.userModels());
        return 0;
    }
}
