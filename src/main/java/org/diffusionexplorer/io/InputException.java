package org.diffusionexplorer.io;

/** Bad input from a user (a file that cannot be used); the message is one line meant for them. */
public class InputException extends Exception {
    public InputException(String message) {
        super(message);
    }

    public InputException(String message, Throwable cause) {
        super(message, cause);
    }
}
