package org.hyperrl.envs.mujoco;

/**
 * The JNI entry points of the C shim {@code src/main/c/hyperrl_mujoco.c}. Pointers to {@code mjModel} and
 * {@code mjData} travel as longs; use {@link MujocoModel} instead of calling these directly.
 * Field codes must match the enums in the C file.
 */
final class MujocoNative {

    static final int D_QPOS = 0;
    static final int D_QVEL = 1;
    static final int D_XPOS = 2;
    static final int D_XIPOS = 3;
    static final int D_XMAT = 4;
    static final int D_CFRC_EXT = 5;
    static final int D_CINERT = 6;
    static final int D_CVEL = 7;
    static final int D_QFRC_ACTUATOR = 8;
    static final int D_CTRL = 9;
    static final int D_SUBTREE_COM = 10;
    static final int D_WARNINGS = 11;

    static final int M_BODY_MASS = 0;
    static final int M_BODY_INERTIA = 1;
    static final int M_DOF_DAMPING = 2;
    static final int M_GEOM_FRICTION = 3;
    static final int M_ACTUATOR_GEAR = 4;
    static final int M_ACTUATOR_CTRLRANGE = 5;
    static final int M_JNT_RANGE = 6;
    static final int M_BODY_POS = 7;
    static final int M_GEOM_SIZE = 8;
    static final int M_DOF_ARMATURE = 9;
    static final int M_JNT_STIFFNESS = 10;
    static final int M_QPOS0 = 11;
    static final int M_OPT_TIMESTEP = 12;
    static final int M_OPT_GRAVITY = 13;
    static final int M_BODY_SUBTREEMASS = 14;
    static final int M_GEOM_SOLIMP = 15;
    static final int M_GEOM_SOLREF = 16;

    /** mjtObj codes used with {@link #name2id}. */
    static final int OBJ_BODY = 1;
    static final int OBJ_JOINT = 3;
    static final int OBJ_GEOM = 5;
    static final int OBJ_ACTUATOR = 18;

    private MujocoNative() {
    }

    static native void init();

    static native int version();

    static native long loadXml(String xml);

    static native long copyModel(long model);

    static native void freeModel(long model);

    static native long makeData(long model);

    static native void freeData(long data);

    /** {nq, nv, nu, nbody, ngeom, njnt, integrator, iterations, solver}. */
    static native int[] sizes(long model);

    static native int dataSize(long model, int field);

    static native int modelSize(long model, int field);

    static native void getData(long model, long data, int field, double[] out);

    static native void getModel(long model, int field, double[] out);

    static native void setModel(long model, int field, double[] in);

    static native void resetData(long model, long data);

    static native void resetState(long model, long data);

    static native void setState(long model, long data, double[] qpos, double[] qvel);

    static native void step(long model, long data, double[] ctrl, int nsteps, boolean rnePostConstraint);

    static native void setConst(long model, long data);

    static native int name2id(long model, int objType, String name);

    static native double rawStepLoop(long model, long data, int envSteps, int frameSkip, boolean rnePostConstraint,
                                     int seed, int resetEvery);
}
