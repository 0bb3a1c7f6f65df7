package net.sf.json;

public final class JSONObject {
    public JSONObject() {
    }
}
