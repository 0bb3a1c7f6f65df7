package hudson.slaves;

public abstract class OfflineCause {
}
