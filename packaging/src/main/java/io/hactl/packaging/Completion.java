package io.hactl.packaging;

import picocli.AutoComplete;
import picocli.CommandLine;

/**
 * hactl's bash completion: picocli's {@link AutoComplete} script of the command model (commands, subcommands,
 * options, enum values), and a small function in front of it for what the model cannot know at build time: the
 * node names after {@code --node} and {@code ssh trust|test}, the service names of {@code start}, {@code stop} and
 * {@code logs}, read from the config at completion time with {@code hactl __complete nodes|services} (the config
 * the command line names with --config, else the default). Everything else goes to picocli's function.
 */
final class Completion {

    private Completion() {
    }

    static final String NAMES = """

            # --- hactl: names from the config at completion time (hactl __complete; docs/decisions.md) ---
            # The function above is picocli's, generated from hactl's command model at build time; the names of
            # the nodes and services are in the config, so this one asks hactl for them, with the --config the
            # line names (else $HACTL_CONFIG, else /etc/hactl/hactl.yml); no readable config: no names.
            _hactl_config_names() {
              local i cfg=()
              for ((i = 1; i < COMP_CWORD; i++)); do
                case "${COMP_WORDS[i]}" in
                  -c|--config) cfg=(--config "${COMP_WORDS[i+1]}") ;;
                  --config=*) cfg=(--config "${COMP_WORDS[i]#--config=}") ;;
                esac
              done
              command hactl "${cfg[@]}" __complete "$1" 2>/dev/null
            }

            _hactl_complete() {
              local cur="${COMP_WORDS[COMP_CWORD]}" prev="${COMP_WORDS[COMP_CWORD-1]}" i w words=()
              for ((i = 1; i < COMP_CWORD; i++)); do        # the command's words, without options and their values
                w="${COMP_WORDS[i]}"
                case "$w" in
                  -c|--config|--node|-n|--reason|--timeout) ((i++)) ;;
                  -*) ;;
                  *) words+=("$w") ;;
                esac
              done
              local names=
              if [[ "$prev" == --node ]]; then
                names=nodes
              elif [[ "$cur" != -* && "$prev" != -* ]]; then
                case "${words[0]:-} ${words[1]:-}" in
                  "start "*|"stop "*) names=services ;;
                  "logs ") names=services ;;
                  "ssh trust"|"ssh test") ((${#words[@]} == 2)) && names=nodes ;;
                esac
              fi
              if [[ -n "$names" ]]; then
                local candidates
                candidates="$(_hactl_config_names "$names")"
                [[ "${words[0]:-}" == logs ]] && candidates+=$'\\nmysql'
                COMPREPLY=( $(compgen -W "$candidates" -- "$cur") )
                return 0
              fi
              _complete_hactl "$@"
            }

            complete -F _hactl_complete -o default hactl
            """;

    /** The script for {@code /usr/share/bash-completion/completions/hactl}. */
    static String script(CommandLine hactl) {
        String picocli = AutoComplete.bash("hactl", hactl);
        // no "#!": bash-completion sources the file, it is never run (lintian: bash-completion-with-hashbang)
        return (picocli.startsWith("#!") ? picocli.substring(picocli.indexOf('\n') + 1) : picocli) + NAMES;
    }
}
