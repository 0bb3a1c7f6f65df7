package org.kohsuke.stapler;

import net.sf.json.JSONObject;

public interface StaplerRequest2 {
    <T> T bindJSON(Class<T> type, JSONObject src);

    void bindJSON(Object bean, JSONObject src);
}
