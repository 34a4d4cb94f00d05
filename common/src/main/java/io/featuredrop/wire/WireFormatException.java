package io.featuredrop.wire;

/** Bytes that are not a valid event of the expected kind; the message says what is wrong and where. */
public class WireFormatException extends RuntimeException {
    public WireFormatException(String message) {
        super(message);
    }

    public WireFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
