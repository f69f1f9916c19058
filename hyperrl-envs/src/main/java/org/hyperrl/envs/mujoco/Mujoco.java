package org.hyperrl.envs.mujoco;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Loads the JNI shim (packaged in the jar, extracted to a temporary file) and through it the system's
 * MuJoCo library. {@link #isAvailable()} never throws; {@link #require()} throws a
 * {@link MujocoUnavailableException} that says what to install.
 */
public final class Mujoco {

    /** Where the build puts the shim inside the jar. */
    static final String SHIM_RESOURCE = "/org/hyperrl/envs/mujoco/native/libhyperrl_mujoco.so";

    /** The install hint included in every "unavailable" message. */
    public static final String INSTALL_HINT = "install MuJoCo 2.2 (Debian/Ubuntu: `apt-get install libmujoco-dev`) "
            + "and rebuild hyperrl-envs so that the JNI shim is compiled";

    private static final Status STATUS = load(SHIM_RESOURCE);

    private Mujoco() {
    }

    /** Outcome of loading the native code. */
    record Status(boolean available, String problem, Throwable cause) {
    }

    static Status load(String resource) {
        String os = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT);
        if (!os.contains("linux")) {
            return new Status(false, "MuJoCo envs are supported on Linux only (this is " + os + "); " + INSTALL_HINT,
                    null);
        }
        try (InputStream in = Mujoco.class.getResourceAsStream(resource)) {
            if (in == null) {
                return new Status(false, "the MuJoCo JNI shim " + resource + " is not in this build (MuJoCo headers "
                        + "were missing when hyperrl-envs was compiled); " + INSTALL_HINT, null);
            }
            Path tmp = Files.createTempFile("hyperrl_mujoco", ".so");
            tmp.toFile().deleteOnExit();
            Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            System.load(tmp.toAbsolutePath().toString());
            MujocoNative.init();
            return new Status(true, null, null);
        } catch (UnsatisfiedLinkError e) {
            return new Status(false, "cannot load the MuJoCo library (" + e.getMessage() + "); " + INSTALL_HINT, e);
        } catch (IOException e) {
            return new Status(false, "cannot extract the MuJoCo JNI shim: " + e.getMessage(), e);
        }
    }

    /** Whether MuJoCo envs can be created in this JVM. */
    public static boolean isAvailable() {
        return STATUS.available();
    }

    /** Why MuJoCo is unavailable, or null if it is available. */
    public static String unavailableReason() {
        return STATUS.problem();
    }

    /** Throws a {@link MujocoUnavailableException} naming the fix unless MuJoCo is available. */
    public static void require() {
        if (!STATUS.available()) {
            throw new MujocoUnavailableException(STATUS.problem(), STATUS.cause());
        }
    }

    /** MuJoCo's version number (e.g. 222 for 2.2.2). */
    public static int version() {
        require();
        return MujocoNative.version();
    }
}
