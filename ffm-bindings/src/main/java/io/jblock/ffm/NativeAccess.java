package io.jblock.ffm;

import java.lang.foreign.MemorySegment;

/**
 * The one gate in front of every native call jblock makes (Lucene's {@code NativeAccess} idea):
 * before the first system call it checks that the JVM grants this module native access, so that
 * a missing {@code --enable-native-access} flag gives one clear exception instead of a failed
 * class initialiser (an {@link ExceptionInInitializerError}, then
 * {@code NoClassDefFoundError: Could not initialize class ...} on every later call).
 *
 * <ul>
 *   <li>Native access granted ({@code --enable-native-access=io.jblock.ffm} on the module path,
 *       {@code --enable-native-access=ALL-UNNAMED} on the class path, or the
 *       {@code Enable-Native-Access} manifest attribute of an executable jar): nothing happens.</li>
 *   <li>Not granted, JVM in its default mode (JDK 22 to 25 warn): the JDK prints its restricted
 *       method warning once and the calls work; this class adds one log line
 *       ({@link System.Logger}, logger {@code io.jblock.ffm.NativeAccess}) that names the flag.</li>
 *   <li>Not granted, JVM refusing ({@code --illegal-native-access=deny}, the default of a future
 *       JDK): {@link #require()} throws {@link NativeAccessException} naming the flag, on this and
 *       every later call until access is granted; no class is left unusable, so granting access
 *       later (a {@link java.lang.ModuleLayer.Controller#enableNativeAccess module layer}) makes
 *       the next call work.</li>
 * </ul>
 *
 * <p>Code of this module that links or calls a native function ({@code io.jblock.ffm.linux})
 * calls {@link #require()} first; the checked layer ({@link PosixIO}) does it on every call. The
 * check costs one volatile read once it has passed. Thread-safe.
 */
public final class NativeAccess {

    /** The flag for jblock on the module path. */
    public static final String MODULE_PATH_FLAG = "--enable-native-access=io.jblock.ffm";
    /** The flag for jblock on the class path. */
    public static final String CLASS_PATH_FLAG = "--enable-native-access=ALL-UNNAMED";

    private static volatile boolean granted;

    private NativeAccess() {
    }

    /**
     * Returns when native calls may be made from this module; otherwise throws.
     *
     * @throws NativeAccessException when the JVM refuses native access to this module
     */
    public static void require() {
        if (!granted) {
            probe();
        }
    }

    /** {@return whether the JVM grants this module native access explicitly (no warning, no refusal)} */
    public static boolean isEnabled() {
        return NativeAccess.class.getModule().isNativeAccessEnabled();
    }

    /** {@return the flag that grants native access to this module where it is loaded now} */
    public static String flag() {
        return NativeAccess.class.getModule().isNamed() ? MODULE_PATH_FLAG : CLASS_PATH_FLAG;
    }

    private static synchronized void probe() {
        if (granted) {
            return;
        }
        if (!isEnabled()) {
            try {
                // A restricted method, checked for this module exactly as the Linker's downcalls
                // are: it warns (the default) or throws IllegalCallerException (deny).
                MemorySegment.NULL.reinterpret(0);
            } catch (IllegalCallerException e) {
                throw new NativeAccessException(message(true), e);
            }
            System.getLogger(NativeAccess.class.getName()).log(System.Logger.Level.WARNING,
                    message(false));
        }
        granted = true;
    }

    private static String message(boolean refused) {
        Module m = NativeAccess.class.getModule();
        String where = m.isNamed() ? "module " + m.getName() + " (jblock is on the module path)"
                : "the class path (jblock is in the unnamed module)";
        return "jblock calls the operating system through java.lang.foreign, and this JVM "
                + (refused ? "refuses native access to " + where
                        : "allows native access to " + where + " only with a warning (a future JDK will refuse it)")
                + ": start java with " + flag()
                + (m.isNamed() ? " (or " + CLASS_PATH_FLAG + " with jblock on the class path)"
                        : " (or " + MODULE_PATH_FLAG + " with jblock on the module path)");
    }
}
