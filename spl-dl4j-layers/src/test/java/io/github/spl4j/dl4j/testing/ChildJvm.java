package io.github.spl4j.dl4j.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Command lines for child JVMs in fault-injection tests. A process started in the background by a non-interactive
 * shell (a CI step, {@code cmd &}) inherits SIGINT as ignored, and the JVM then installs no Ctrl-C handler, so a test
 * that sends SIGINT would see the child run on. The child is therefore started through Debian's essential
 * {@code perl}, which resets SIGINT to its default and then execs the JVM in the same process (same pid).
 */
public final class ChildJvm {
    private static final Path PERL = Path.of("/usr/bin/perl");

    private ChildJvm() {
    }

    /**
     * @param jvmOptions options before the class path, e.g. {@code -Xmx512m}
     * @param mainClass  the child's main class; the class path is this JVM's
     * @param args       the main class's arguments
     * @return the command: this JVM's {@code java}, with SIGINT reset to default where {@code /usr/bin/perl} exists
     */
    public static List<String> command(List<String> jvmOptions, String mainClass, List<String> args) {
        List<String> cmd = new ArrayList<>();
        if (Files.isExecutable(PERL)) {
            cmd.addAll(List.of(PERL.toString(), "-e", "$SIG{INT} = 'DEFAULT'; exec @ARGV or die \"exec: $!\""));
        }
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(mainClass);
        cmd.addAll(args);
        return cmd;
    }
}
