package io.jblock.ffm;

/**
 * The JVM refuses jblock the native access it needs ({@code java.lang.foreign} downcalls), as it
 * does with {@code --illegal-native-access=deny} or, in a future JDK, by default. The message
 * names the flag that fixes it: {@code --enable-native-access=ALL-UNNAMED} when jblock is on the
 * class path, {@code --enable-native-access=io.jblock.ffm} when it is on the module path.
 *
 * <p>Nothing is left half-initialised: once native access is granted (a new JVM with the flag, or
 * {@link java.lang.ModuleLayer.Controller#enableNativeAccess} for a layer that holds jblock), the
 * next call works. An {@link IllegalCallerException}, as the JDK's own refusal is.
 */
public final class NativeAccessException extends IllegalCallerException {
    private static final long serialVersionUID = 1L;

    NativeAccessException(String message, Throwable cause) {
        super(message, cause);
    }
}
