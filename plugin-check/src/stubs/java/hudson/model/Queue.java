package hudson.model;

public class Queue {
    private Queue() {
    }

    public interface Task extends ModelObject {
    }

    public interface Executable extends Runnable {
    }
}
