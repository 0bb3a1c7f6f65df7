package hudson.tasks;

public class Shell extends CommandInterpreter {
    public Shell(String command) {
        super(command);
    }
}
