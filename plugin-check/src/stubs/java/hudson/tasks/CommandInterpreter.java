package hudson.tasks;

public abstract class CommandInterpreter extends Builder {
    protected CommandInterpreter(String command) {
        throw new UnsupportedOperationException("stub");
    }
}
