package org.quicfiles.app.internal.plugins;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Finds plugin, command, endpoint and tool names that more than one plugin claims. */
final class NameClashes {
    private NameClashes() {
    }

    /** One line per clash, naming both plugins and where they came from. */
    static List<String> find(List<LoadedPlugin> plugins) {
        List<String> clashes = new ArrayList<>();
        check(plugins, "plugin name", plugin -> List.of(plugin.name()), clashes);
        check(plugins, "stream command", plugin -> List.copyOf(plugin.streamCommands()), clashes);
        check(plugins, "request endpoint", plugin -> List.copyOf(plugin.requestEndpoints()), clashes);
        check(plugins, "tool", plugin -> List.copyOf(plugin.tools().keySet()), clashes);
        return clashes;
    }

    private static void check(List<LoadedPlugin> plugins, String kind, Function<LoadedPlugin, List<String>> names,
                              List<String> clashes) {
        Map<String, LoadedPlugin> owners = new HashMap<>();
        for (LoadedPlugin plugin : plugins) {
            for (String name : names.apply(plugin)) {
                LoadedPlugin owner = owners.putIfAbsent(name, plugin);
                if (owner != null) {
                    clashes.add("plugins '" + owner.name() + "' (" + owner.sourceName() + ") and '" + plugin.name()
                            + "' (" + plugin.sourceName() + ") both claim " + kind + " '" + name + "'");
                }
            }
        }
    }
}
