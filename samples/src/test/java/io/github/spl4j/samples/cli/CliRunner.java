package io.github.spl4j.samples.cli;

import io.github.spl4j.samples.SplApp;
import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs the app in-process and captures its exit code and output. */
public final class CliRunner {
    /** What a run printed and returned. */
    public record Result(int code, String out, String err) {
    }

    private CliRunner() {
    }

    /** @param args arguments @return the result */
    public static Result run(String... args) {
        CommandLine cl = SplApp.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Result(code, out.toString(), err.toString());
    }
}
