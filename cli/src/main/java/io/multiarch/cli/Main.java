package io.multiarch.cli;

import io.multiarch.core.MultiarchException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code multiarch} command. Exit codes: 0 ok, 1 operation failed (a source missing or
 * mislabelled, a platform build failed), 2 invalid input, 3 registry or authentication error,
 * 4 internal error.
 */
@Command(name = "multiarch", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Builds and publishes multi-architecture container images.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:operation failed (a source missing or mislabelled, a build failed)",
            "2:invalid input", "3:registry or authentication error", "4:internal error"})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args, System.in, System.out, System.err, System.getenv()));
    }

    /** Runs the CLI with injectable streams and environment (for tests and embedding). */
    public static int run(String[] args, InputStream in, PrintStream out, PrintStream err, Map<String, String> env) {
        CliContext context = new CliContext(in, out, err, env);
        CommandLine cli = new CommandLine(new Main(), new ContextFactory(context));
        addSubcommands(cli, args);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        cli.setExecutionExceptionHandler((ex, line, parsed) -> handle(ex, context, line));
        cli.setParameterExceptionHandler((ex, args1) -> {
            PrintWriter w = ex.getCommandLine().getErr();
            w.println("multiarch: error: " + ex.getMessage());
            w.println("Run '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help' for the options.");
            return MultiarchException.Kind.INVALID_INPUT.exitCode();
        });
        return cli.execute(args);
    }

    /** Every subcommand, in the order help lists them. */
    static final Map<String, Class<?>> SUBCOMMANDS = orderedSubcommands();

    private static Map<String, Class<?>> orderedSubcommands() {
        Map<String, Class<?>> map = new java.util.LinkedHashMap<>();
        map.put("build", BuildCommand.class);
        map.put("buildx", BuildxCommand.class);
        map.put("push-manifest", PushManifestCommand.class);
        map.put("inspect", InspectCommand.class);
        map.put("setup-qemu", SetupQemuCommand.class);
        map.put("doctor", DoctorCommand.class);
        map.put("help", CommandLine.HelpCommand.class);
        return java.util.Collections.unmodifiableMap(map);
    }

    /**
     * Registers only the subcommand being run (picocli builds each command's model by reflection,
     * which costs CLI start-up time); all of them when none is named (top-level help, errors).
     */
    static void addSubcommands(CommandLine cli, String[] args) {
        String first = args.length > 0 ? args[0] : null;
        Class<?> only = first == null || first.equals("help") ? null : SUBCOMMANDS.get(first);
        if (only != null) {
            cli.addSubcommand(first, only);
            return;
        }
        SUBCOMMANDS.forEach(cli::addSubcommand);
    }

    private static int handle(Exception ex, CliContext context, CommandLine line) {
        Object command = line.getCommand();
        boolean debug = command instanceof CommandBase c && c.debug;
        if (ex instanceof MultiarchException me) {
            context.err().println("multiarch: error: " + me.getMessage());
            if (debug) {
                me.printStackTrace(context.err());
            }
            return me.kind().exitCode();
        }
        context.err().println("multiarch: internal error: " + ex + (debug ? "" : " (run again with --debug for details)"));
        if (debug) {
            ex.printStackTrace(context.err());
        }
        return MultiarchException.Kind.INTERNAL.exitCode();
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"multiarch " + (v == null ? "0.1.0-SNAPSHOT" : v)};
        }
    }

    /** Hands the context to every command that has a constructor taking it. */
    private record ContextFactory(CliContext context) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> cls) throws Exception {
            try {
                return cls.getDeclaredConstructor(CliContext.class).newInstance(context);
            } catch (NoSuchMethodException e) {
                return CommandLine.defaultFactory().create(cls);
            }
        }
    }
}
