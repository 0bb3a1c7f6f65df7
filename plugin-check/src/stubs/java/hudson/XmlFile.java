package hudson;

import java.io.File;

public final class XmlFile {
    public XmlFile(File file) {
        throw new UnsupportedOperationException("stub");
    }
}
