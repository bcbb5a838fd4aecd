package io.hactl.packaging;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * A man page (roff, section 1) of one command of hactl's model: NAME, SYNOPSIS (picocli's own), DESCRIPTION,
 * OPTIONS, PARAMETERS, COMMANDS, EXIT STATUS, SEE ALSO. Written here rather than with picocli-codegen's
 * ManPageGenerator: that one writes AsciiDoc, which needs asciidoctor (Ruby) or AsciidoctorJ with JRuby to become
 * roff, neither at hand in an offline Maven build (docs/decisions.md). Same model, same words as --help.
 */
final class ManPage {

    private ManPage() {
    }

    /** hactl and every visible command under it, depth first (hidden ones and aliases left out). */
    static List<CommandLine> commands(CommandLine root) {
        List<CommandLine> all = new ArrayList<>();
        collect(root, all);
        return all;
    }

    private static void collect(CommandLine c, List<CommandLine> into) {
        into.add(c);
        for (Map.Entry<String, CommandLine> e : c.getSubcommands().entrySet()) {
            CommandLine sub = e.getValue();
            if (e.getKey().equals(sub.getCommandName()) && !sub.getCommandSpec().usageMessage().hidden()) {
                collect(sub, into);
            }
        }
    }

    /** {@code hactl-conf-check.1}: the command's words joined by dashes, as git names its pages. */
    static String fileName(CommandLine c) {
        return pageName(c.getCommandSpec()) + ".1";
    }

    private static String pageName(CommandSpec spec) {
        return spec.qualifiedName("-");
    }

    static String roff(CommandLine c, String version, String date) {
        CommandSpec spec = c.getCommandSpec();
        StringBuilder r = new StringBuilder();
        String page = pageName(spec);
        r.append(".\\\" Generated from hactl's command model at build time (packaging/, io.hactl.packaging.ManPage).\n");
        r.append(".TH \"").append(page.toUpperCase(Locale.ROOT)).append("\" \"1\" \"").append(date).append("\" \"hactl ")
                .append(version).append("\" \"hactl manual\"\n");
        r.append(".SH NAME\n").append(escape(page)).append(" \\- ").append(escape(firstLine(spec))).append('\n');

        r.append(".SH SYNOPSIS\n.nf\n");
        CommandLine.Help help = new CommandLine.Help(spec, CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF));
        help.synopsis(0).lines().forEach(l -> r.append(line(l.stripTrailing())));
        r.append(".fi\n");

        String[] description = spec.usageMessage().description();
        if (description.length > 0) {
            r.append(".SH DESCRIPTION\n");
            for (String d : description) {
                paragraph(r, d);
            }
        }
        List<OptionSpec> options = spec.options().stream().filter(o -> !o.hidden()).toList();
        if (!options.isEmpty()) {
            r.append(".SH OPTIONS\n");
            for (OptionSpec o : options) {
                r.append(".TP\n").append("\\fB").append(escape(String.join(", ", o.names()))).append("\\fR");
                if (o.typeInfo() != null && !o.typeInfo().isBoolean() && !o.paramLabel().isEmpty()) {
                    r.append(" \\fI").append(escape(o.paramLabel())).append("\\fR");
                }
                r.append('\n');
                describe(r, o);
            }
        }
        List<PositionalParamSpec> params = spec.positionalParameters().stream().filter(p -> !p.hidden()).toList();
        if (!params.isEmpty()) {
            r.append(".SH PARAMETERS\n");
            for (PositionalParamSpec p : params) {
                r.append(".TP\n\\fI").append(escape(p.paramLabel())).append("\\fR\n");
                describe(r, p);
            }
        }
        List<CommandLine> subs = c.getSubcommands().entrySet().stream()
                .filter(e -> e.getKey().equals(e.getValue().getCommandName()))
                .map(Map.Entry::getValue)
                .filter(s -> !s.getCommandSpec().usageMessage().hidden()).toList();
        if (!subs.isEmpty()) {
            r.append(".SH COMMANDS\n");
            for (CommandLine s : subs) {
                r.append(".TP\n\\fB").append(escape(s.getCommandName())).append("\\fR\n")
                        .append(line(firstLine(s.getCommandSpec()) + " See " + pageName(s.getCommandSpec()) + "(1)."));
            }
        }
        Map<String, String> exits = spec.usageMessage().exitCodeList();
        if (!exits.isEmpty()) {
            r.append(".SH EXIT STATUS\n");
            exits.forEach((code, what) -> r.append(".TP\n").append(line(code.strip())).append(line(what.strip())));
        }
        r.append(".SH SEE ALSO\n");
        List<String> see = new ArrayList<>();
        if (spec.parent() != null) {
            see.add("\\fB" + escape(pageName(spec.parent())) + "\\fR(1)");
        }
        subs.forEach(s -> see.add("\\fB" + escape(pageName(s.getCommandSpec())) + "\\fR(1)"));
        if (!see.isEmpty()) {
            r.append(String.join(",\n", see)).append('\n').append(".PP\n");
        }
        r.append(line("The operator's runbook and the configuration reference: /usr/share/doc/hactl/."));
        return r.toString();
    }

    /** The first sentence of the description (or header), skipping picocli's leading {@code %n}s. */
    private static String firstLine(CommandSpec spec) {
        String[] d = spec.usageMessage().description();
        if (d.length == 0) {
            d = spec.usageMessage().header();
        }
        String first = java.util.Arrays.stream(String.join("%n", d).split("%n")).map(String::strip)
                .filter(l -> !l.isEmpty()).findFirst().orElse(spec.qualifiedName());
        int stop = first.indexOf(". ");
        return (stop > 0 ? first.substring(0, stop + 1) : first).strip();
    }

    private static void describe(StringBuilder r, ArgSpec a) {
        String[] d = a.description();
        for (int i = 0; i < d.length; i++) {
            if (i > 0) {
                r.append(".br\n");
            }
            paragraphLines(r, d[i]);
        }
    }

    private static void paragraph(StringBuilder r, String text) {
        r.append(".PP\n");
        paragraphLines(r, text);
    }

    /** picocli's {@code %n} is a line break; {@code %%} a percent sign. */
    private static void paragraphLines(StringBuilder r, String text) {
        String[] parts = text.split("%n", -1);
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i].replace("%%", "%").strip();
            if (p.isEmpty()) {
                continue;
            }
            if (i > 0) {
                r.append(".br\n");
            }
            r.append(line(p));
        }
    }

    /** One line of text, escaped, that roff will not take for a request. */
    private static String line(String text) {
        String e = escape(text);
        return (e.startsWith(".") || e.startsWith("'") ? "\\&" + e : e) + "\n";
    }

    /** Backslashes and dashes (a real minus, so --config copies as typed). */
    static String escape(String text) {
        return text.replace("\\", "\\e").replace("-", "\\-");
    }
}
