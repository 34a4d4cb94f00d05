package io.featuredrop.data;

import java.io.IOException;

/** A data file that is not in the format its loader reads; the message names the file and the problem. */
public class DatasetFormatException extends IOException {
    public DatasetFormatException(String message) {
        super(message);
    }
}
