package io.github.spl4j.samples.cli;

import io.github.spl4j.samples.SplApp;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code spl search}: the Arbiter hyperparameter search; not available until the spl-arbiter issue lands. */
@Command(name = "search", mixinStandardHelpOptions = true,
        description = "Arbiter search over tau and mu on a validation split. NOT AVAILABLE YET: it arrives with the "
                + "spl-arbiter issue; this command exits with status 2.")
public final class SearchCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(arity = "0..*", hidden = true)
    private List<String> ignored;

    @Override
    public Integer call() {
        spec.commandLine().getErr().println("spl search is not available yet: the Arbiter search arrives with the "
                + "spl-arbiter issue. Use spl sweep for a grid over weighting, tau, mu and seeds.");
        return SplApp.EXIT_USAGE;
    }
}
