package io.hactl.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvConfParserTest {

    private static Map<String, EnvConfParser.Assignment> vars(String text) {
        return EnvConfParser.parse(text).variables();
    }

    private static String value(String text, String name) {
        return vars(text).get(name).value();
    }

    /**
     * Issue 12: a quote never closed swallowed every line after it into one value, silently.
     * Now the variable is reported with the quote's line (bash itself stops there with a syntax
     * error) and the import reads on from the next line.
     */
    @Test
    void envConfUnterminatedQuoteIsSaidWithItsLine() {
        String text = """
                A=one
                B='two
                C=three
                export D="four
                E=five
                """;

        EnvConfParser.Result r = EnvConfParser.parse(text);

        assertThat(r.variables().keySet()).containsExactly("A", "C", "E");
        assertThat(r.variables().get("C").line()).isEqualTo(3);
        assertThat(r.variables().get("E").value()).isEqualTo("five");
        assertThat(r.skipped()).extracting(UnmappedVariable::name, UnmappedVariable::line)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("B", 2), org.assertj.core.groups.Tuple.tuple("D", 4));
        assertThat(r.skipped().get(0).format()).startsWith("not mapped: B (line 2) — its ' quote is never closed:")
                .contains("bash stops reading env.conf there", "close the quote on line 2").doesNotContain("two");
        assertThat(r.skipped().get(1).reason()).contains("its \" quote is never closed");
        assertThat(vars("X=\"multi\nline\"\nY=1\n")).containsKeys("X", "Y");   // closed on a later line: fine
    }

    @Test
    void plainExportedAndQuotedAssignments() {
        String text = """
                A=one
                export B=two
                C="three four"   # a comment
                D='five # not a comment'
                E=six#seven
                F=
                export G="x" H=y
                """;

        Map<String, EnvConfParser.Assignment> vars = vars(text);

        assertThat(vars.keySet()).containsExactly("A", "B", "C", "D", "E", "F", "G", "H");
        assertThat(value(text, "A")).isEqualTo("one");
        assertThat(value(text, "B")).isEqualTo("two");
        assertThat(value(text, "C")).isEqualTo("three four");
        assertThat(value(text, "D")).isEqualTo("five # not a comment");
        assertThat(value(text, "E")).isEqualTo("six#seven");
        assertThat(value(text, "F")).isEmpty();
        assertThat(value(text, "H")).isEqualTo("y");
        assertThat(vars.get("C").line()).isEqualTo(3);
        assertThat(vars.get("H").line()).isEqualTo(7);
    }

    @Test
    void referencesToEarlierVariablesAreExpanded() {
        String text = """
                BASE=/polopoly/software
                JBOSS_DIR=$BASE/jboss
                POLOPOLY_DIR="${BASE}/main/polopoly"
                LITERAL='$BASE/x'
                ESCAPED="\\$BASE"
                DEFAULTED=${UNSET:-/opt/default}
                """;

        Map<String, EnvConfParser.Assignment> vars = vars(text);

        assertThat(value(text, "JBOSS_DIR")).isEqualTo("/polopoly/software/jboss");
        assertThat(vars.get("JBOSS_DIR").references()).containsExactly("BASE");
        assertThat(value(text, "POLOPOLY_DIR")).isEqualTo("/polopoly/software/main/polopoly");
        assertThat(value(text, "LITERAL")).isEqualTo("$BASE/x");
        assertThat(value(text, "ESCAPED")).isEqualTo("$BASE");
        assertThat(value(text, "DEFAULTED")).isEqualTo("/opt/default");
        assertThat(vars.get("JBOSS_DIR").unresolved()).isEmpty();
    }

    @Test
    void whatCannotBeExpandedIsKeptAsWrittenAndListed() {
        String text = """
                PATH=$JAVA_HOME/bin:$PATH
                HOST=`hostname`
                LOGS=$(dirname /x/y)/logs
                """;

        Map<String, EnvConfParser.Assignment> vars = vars(text);

        assertThat(vars.get("PATH").value()).isEqualTo("$JAVA_HOME/bin:$PATH");
        assertThat(vars.get("PATH").unresolved()).containsExactly("$JAVA_HOME", "$PATH");
        assertThat(vars.get("HOST").unresolved()).containsExactly("`hostname`");
        assertThat(vars.get("LOGS").value()).isEqualTo("$(dirname /x/y)/logs");
        assertThat(vars.get("LOGS").unresolved()).containsExactly("$(dirname /x/y)");
    }

    @Test
    void theLastAssignmentWins() {
        String text = "A=1\nB=2\nA=3\n";

        assertThat(vars(text).get("A").value()).isEqualTo("3");
        assertThat(vars(text).get("A").line()).isEqualTo(3);
    }

    @Test
    void linesThatAreNotAssignmentsAreSkippedWithTheirLine() {
        String text = """
                A=1
                umask 022
                if [ -z "$X" ]; then
                  B=2
                fi
                export A
                """;

        EnvConfParser.Result result = EnvConfParser.parse(text);

        assertThat(result.variables().keySet()).containsExactly("A", "B");
        assertThat(result.skipped()).extracting(UnmappedVariable::name, UnmappedVariable::line)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("umask", 2),
                        org.assertj.core.groups.Tuple.tuple("if", 3),
                        org.assertj.core.groups.Tuple.tuple("fi", 5));
    }

    @Test
    void quotedValuesMaySpanLinesAndLineNumbersFollow() {
        String text = "A=\"one\ntwo\"\nB=3\n";

        assertThat(vars(text).get("A").value()).isEqualTo("one\ntwo");
        assertThat(vars(text).get("B").line()).isEqualTo(3);
    }
}
