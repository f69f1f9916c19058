package org.hyperrl.envs.mujoco;

import java.io.IOException;
import java.io.InputStream;
import java.lang.ref.Cleaner;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One MuJoCo model with its simulation data ({@code mjModel} + {@code mjData}), owned by one env.
 * Not thread-safe; native memory is freed by {@link #close()} or, failing that, when unreachable.
 */
public final class MujocoModel implements AutoCloseable {

    private static final Cleaner CLEANER = Cleaner.create();
    private static final Object LOAD_LOCK = new Object();
    private static final Map<String, String> RESOURCE_CACHE = new ConcurrentHashMap<>();

    private final long model;
    private final long data;
    private final Cleaner.Cleanable cleanable;
    private final int nq;
    private final int nv;
    private final int nu;
    private final int nbody;
    private final int ngeom;
    private final int njnt;
    private final int[] sizes;
    private boolean closed;

    private MujocoModel(long model) {
        this.model = model;
        this.data = MujocoNative.makeData(model);
        long m = model;
        long d = data;
        this.cleanable = CLEANER.register(this, () -> {
            MujocoNative.freeData(d);
            MujocoNative.freeModel(m);
        });
        sizes = MujocoNative.sizes(model);
        nq = sizes[0];
        nv = sizes[1];
        nu = sizes[2];
        nbody = sizes[3];
        ngeom = sizes[4];
        njnt = sizes[5];
    }

    /**
     * Compiles a model from MJCF text.
     *
     * @throws MujocoException            with MuJoCo's own error text if the model is malformed
     * @throws MujocoUnavailableException if MuJoCo is not installed
     */
    public static MujocoModel fromXml(String xml) {
        Mujoco.require();
        long m;
        synchronized (LOAD_LOCK) {
            m = MujocoNative.loadXml(xml);
        }
        return new MujocoModel(m);
    }

    /** Compiles one of the project's models, e.g. {@code "half_cheetah.xml"}. */
    public static MujocoModel fromResource(String name) {
        Mujoco.require();
        return fromXml(RESOURCE_CACHE.computeIfAbsent(name, MujocoModel::readResource));
    }

    private static String readResource(String name) {
        String path = "/org/hyperrl/envs/mujoco/models/" + name;
        try (InputStream in = MujocoModel.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("no model resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read model resource " + path, e);
        }
    }

    /** An independent copy of this model (fresh data), e.g. to randomise physics per task. */
    public MujocoModel copy() {
        check();
        return new MujocoModel(MujocoNative.copyModel(model));
    }

    private void check() {
        if (closed) {
            throw new IllegalStateException("this MujocoModel was closed");
        }
    }

    public int nq() {
        return nq;
    }

    public int nv() {
        return nv;
    }

    public int nu() {
        return nu;
    }

    public int nbody() {
        return nbody;
    }

    public int ngeom() {
        return ngeom;
    }

    public int njnt() {
        return njnt;
    }

    /** mjtIntegrator of the model (0 Euler, 1 RK4). */
    public int integrator() {
        return sizes[6];
    }

    /** Maximum constraint solver iterations. */
    public int solverIterations() {
        return sizes[7];
    }

    /** mjtSolver of the model (0 PGS, 1 CG, 2 Newton). */
    public int solver() {
        return sizes[8];
    }

    /** The physics timestep. */
    public double timestep() {
        return model(MujocoNative.M_OPT_TIMESTEP)[0];
    }

    /** Index of the named body, or -1. */
    public int bodyId(String name) {
        check();
        return MujocoNative.name2id(model, MujocoNative.OBJ_BODY, name);
    }

    /** Index of the named joint, or -1. */
    public int jointId(String name) {
        check();
        return MujocoNative.name2id(model, MujocoNative.OBJ_JOINT, name);
    }

    /** Index of the named actuator, or -1. */
    public int actuatorId(String name) {
        check();
        return MujocoNative.name2id(model, MujocoNative.OBJ_ACTUATOR, name);
    }

    /** Index of the named geom, or -1. */
    public int geomId(String name) {
        check();
        return MujocoNative.name2id(model, MujocoNative.OBJ_GEOM, name);
    }

    double[] data(int field) {
        check();
        double[] out = new double[MujocoNative.dataSize(model, field)];
        MujocoNative.getData(model, data, field, out);
        return out;
    }

    void data(int field, double[] out) {
        check();
        MujocoNative.getData(model, data, field, out);
    }

    double[] model(int field) {
        check();
        double[] out = new double[MujocoNative.modelSize(model, field)];
        MujocoNative.getModel(model, field, out);
        return out;
    }

    void setModel(int field, double[] values) {
        check();
        MujocoNative.setModel(model, field, values);
    }

    public double[] qpos() {
        return data(MujocoNative.D_QPOS);
    }

    public double[] qvel() {
        return data(MujocoNative.D_QVEL);
    }

    /** Body frame positions, 3 per body ({@code get_body_com} in gym). */
    public double[] xpos() {
        return data(MujocoNative.D_XPOS);
    }

    /** Body centre-of-mass positions, 3 per body. */
    public double[] xipos() {
        return data(MujocoNative.D_XIPOS);
    }

    /** Body orientations, 9 per body (row-major). */
    public double[] xmat() {
        return data(MujocoNative.D_XMAT);
    }

    /** External contact forces per body, 6 per body (filled after {@code mj_rnePostConstraint}). */
    public double[] cfrcExt() {
        return data(MujocoNative.D_CFRC_EXT);
    }

    /** Composite inertias, 10 per body. */
    public double[] cinert() {
        return data(MujocoNative.D_CINERT);
    }

    /** Composite velocities, 6 per body. */
    public double[] cvel() {
        return data(MujocoNative.D_CVEL);
    }

    /** Actuator forces in joint space. */
    public double[] qfrcActuator() {
        return data(MujocoNative.D_QFRC_ACTUATOR);
    }

    /** The current controls. */
    public double[] ctrl() {
        return data(MujocoNative.D_CTRL);
    }

    /** Number of times each MuJoCo warning (mjtWarning order) was raised since the last reset. */
    public double[] warningCounts() {
        return data(MujocoNative.D_WARNINGS);
    }

    public double[] bodyMass() {
        return model(MujocoNative.M_BODY_MASS);
    }

    public double[] bodyInertia() {
        return model(MujocoNative.M_BODY_INERTIA);
    }

    /** Mass of each body's subtree (a derived constant, updated by {@link #recomputeConstants()}). */
    public double[] bodySubtreeMass() {
        return model(MujocoNative.M_BODY_SUBTREEMASS);
    }

    public double[] dofDamping() {
        return model(MujocoNative.M_DOF_DAMPING);
    }

    public double[] dofArmature() {
        return model(MujocoNative.M_DOF_ARMATURE);
    }

    public double[] geomFriction() {
        return model(MujocoNative.M_GEOM_FRICTION);
    }

    public double[] geomSize() {
        return model(MujocoNative.M_GEOM_SIZE);
    }

    /** Gear ratios, 6 per actuator (the first is the scalar gear of a motor). */
    public double[] actuatorGear() {
        return model(MujocoNative.M_ACTUATOR_GEAR);
    }

    /** Control ranges, (low, high) per actuator. */
    public double[] actuatorCtrlRange() {
        return model(MujocoNative.M_ACTUATOR_CTRLRANGE);
    }

    /** Joint ranges, (low, high) per joint, in radians / metres. */
    public double[] jointRange() {
        return model(MujocoNative.M_JNT_RANGE);
    }

    public double[] jointStiffness() {
        return model(MujocoNative.M_JNT_STIFFNESS);
    }

    /** Reference configuration (initial qpos). */
    public double[] qpos0() {
        return model(MujocoNative.M_QPOS0);
    }

    public double[] gravity() {
        return model(MujocoNative.M_OPT_GRAVITY);
    }

    public void setBodyMass(double[] v) {
        setModel(MujocoNative.M_BODY_MASS, v);
    }

    public void setBodyInertia(double[] v) {
        setModel(MujocoNative.M_BODY_INERTIA, v);
    }

    public void setDofDamping(double[] v) {
        setModel(MujocoNative.M_DOF_DAMPING, v);
    }

    public void setGeomFriction(double[] v) {
        setModel(MujocoNative.M_GEOM_FRICTION, v);
    }

    /** Recomputes derived constants ({@code mj_setConst}) after editing masses or inertias. */
    public void recomputeConstants() {
        check();
        MujocoNative.setConst(model, data);
    }

    /** {@code mj_resetData}: resets the state and clears the whole {@code mjData} buffer (~3.2 MB, 120-170 us). */
    public void resetData() {
        check();
        MujocoNative.resetData(model, data);
    }

    /**
     * The reset the envs use: everything {@code mj_resetData} resets (time, qpos = qpos0, velocities, controls,
     * applied forces, warm start, activations, counters, warnings, every per-body and per-dof array) except the
     * contact and constraint scratch arrays sized by {@code njmax} / {@code nconmax} and the stack, which the
     * engine writes before it reads them. Simulation after it is bitwise identical to simulation after
     * {@link #resetData()}, at about 1% of the cost (1-2 us).
     */
    public void resetState() {
        check();
        MujocoNative.resetState(model, data);
    }

    /** Sets qpos and qvel and runs {@code mj_forward}. */
    public void setState(double[] qpos, double[] qvel) {
        check();
        MujocoNative.setState(model, data, qpos, qvel);
    }

    /** Sets the controls and calls {@code mj_step} {@code n} times, then optionally {@code mj_rnePostConstraint}. */
    public void step(double[] ctrl, int n, boolean rnePostConstraint) {
        check();
        MujocoNative.step(model, data, ctrl, n, rnePostConstraint);
    }

    /**
     * Benchmark: a C loop of {@code envSteps} x (random ctrl, {@code frameSkip} mj_step) without crossing into
     * Java, resetting to the reference state every {@code resetEvery} env steps (0 = never); returns the elapsed
     * seconds.
     */
    public double rawStepLoopSeconds(int envSteps, int frameSkip, boolean rnePostConstraint, int seed, int resetEvery) {
        check();
        return MujocoNative.rawStepLoop(model, data, envSteps, frameSkip, rnePostConstraint, seed, resetEvery);
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            cleanable.clean();
        }
    }
}
