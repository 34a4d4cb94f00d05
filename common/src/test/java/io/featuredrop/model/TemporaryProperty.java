package io.featuredrop.model;

/** Sets a system property for a test and puts the old value (or its absence) back on close. */
final class TemporaryProperty implements AutoCloseable {

    private final String key;
    private final String before;

    private TemporaryProperty(String key, String value) {
        this.key = key;
        this.before = System.getProperty(key);
        System.setProperty(key, value);
    }

    static TemporaryProperty set(String key, String value) {
        return new TemporaryProperty(key, value);
    }

    @Override
    public void close() {
        if (before == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, before);
        }
    }
}
