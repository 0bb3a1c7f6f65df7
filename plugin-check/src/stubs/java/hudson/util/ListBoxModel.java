package hudson.util;

import java.util.ArrayList;
import java.util.Collection;
import org.kohsuke.stapler.HttpResponse;

public class ListBoxModel extends ArrayList<ListBoxModel.Option> implements HttpResponse {
    public static final class Option {
        private Option() {
        }
    }

    public ListBoxModel(int initialCapacity) {
        throw new UnsupportedOperationException("stub");
    }

    public ListBoxModel() {
    }

    public ListBoxModel(Collection<Option> c) {
        throw new UnsupportedOperationException("stub");
    }

    public ListBoxModel(Option... data) {
        throw new UnsupportedOperationException("stub");
    }
}
