package io.featuredrop.broker;

/** A local broker could not be started, stopped or reached; the message says why and what to do. */
public class BrokerException extends RuntimeException {
    public BrokerException(String message) {
        super(message);
    }

    public BrokerException(String message, Throwable cause) {
        super(message, cause);
    }
}
