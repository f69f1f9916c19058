/*
 * JNI shim between org.hyperrl.envs.mujoco.MujocoNative and MuJoCo 2.2.x (Debian's libmujoco-dev).
 * Flat functions over opaque mjModel / mjData pointers passed as jlong. Array accessors copy whole fields
 * in one call so that an env step costs a handful of JNI crossings.
 */
#include <jni.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <mujoco/mujoco.h>
#include <mujoco/mjxmacro.h>
#include "org_hyperrl_envs_mujoco_MujocoNative.h"

/* mju_error must not exit the JVM: the handler jumps back to the active JNI entry point. */
static __thread jmp_buf *error_target = NULL;
static __thread char error_text[1024];

static void on_mujoco_error(const char *msg) {
    snprintf(error_text, sizeof(error_text), "%s", msg);
    if (error_target != NULL) {
        longjmp(*error_target, 1);
    }
    fprintf(stderr, "MuJoCo error outside a guarded call: %s\n", msg);
    abort();
}

static void on_mujoco_warning(const char *msg) {
    (void) msg; /* warnings are counted in mjData.warning and read from Java */
}

static void throw_java(JNIEnv *env, const char *cls, const char *msg) {
    jclass c = (*env)->FindClass(env, cls);
    if (c != NULL) {
        (*env)->ThrowNew(env, c, msg);
    }
}

static void throw_mujoco(JNIEnv *env, const char *msg) {
    throw_java(env, "org/hyperrl/envs/mujoco/MujocoException", msg);
}

#define GUARD_BEGIN(env_, failret)            \
    jmp_buf jb__;                             \
    if (setjmp(jb__) != 0) {                  \
        error_target = NULL;                  \
        throw_mujoco(env_, error_text);       \
        return failret;                       \
    }                                         \
    error_target = &jb__;
#define GUARD_END() error_target = NULL;

JNIEXPORT void JNICALL Java_org_hyperrl_envs_mujoco_MujocoNative_init(JNIEnv *env, jclass cls) {
    (void) env; (void) cls;
    mju_user_error = on_mujoco_error;
    mju_user_warning = on_mujoco_warning;
}

JNIEXPORT jint JNICALL Java_org_hyperrl_envs_mujoco_MujocoNative_version(JNIEnv *env, jclass cls) {
    (void) env; (void) cls;
    return mj_version();
}

JNIEXPORT jlong JNICALL Java_org_hyperrl_envs_mujoco_MujocoNative_loadXml(JNIEnv *env, jclass cls, jstring xml) {
    (void) cls;
    const char *text = (*env)->GetStringUTFChars(env, xml, NULL);
    if (text == NULL) {
        return 0;
    }
    int len = (int) strlen(text);
    mjVFS *vfs = (mjVFS *) malloc(sizeof(mjVFS));
    if (vfs == NULL) {
        (*env)->ReleaseStringUTFChars(env, xml, text);
        throw_java(env, "java/lang/OutOfMemoryError", "cannot allocate MuJoCo VFS");
        return 0;
    }
    mj_defaultVFS(vfs);
    const char *name = "hyperrl_model.xml";
    mj_makeEmptyFileVFS(vfs, name, len);
    int idx = mj_findFileVFS(vfs, name);
    memcpy(vfs->filedata[idx], text, (size_t) len);
    (*env)->ReleaseStringUTFChars(env, xml, text);

    char err[1000] = "";
    mjModel *m = NULL;
    jmp_buf jb;
    if (setjmp(jb) != 0) {
        error_target = NULL;
        mj_deleteVFS(vfs);
        free(vfs);
        throw_mujoco(env, error_text);
        return 0;
    }
    error_target = &jb;
    m = mj_loadXML(name, vfs, err, sizeof(err));
    error_target = NULL;
    mj_deleteVFS(vfs);
    free(vfs);
    if (m == NULL) {
        throw_mujoco(env, err[0] ? err : "mj_loadXML failed without an error message");
        return 0;
    }
    return (jlong) (intptr_t) m;
}

JNIEXPORT jlong JNICALL Java_org_hyperrl_envs_mujoco_MujocoNative_copyModel(JNIEnv *env, jclass cls, jlong m) {
    (void) cls;
    GUARD_BEGIN(env, 0)
    mjModel *c = mj_copyModel(NULL, (const mjModel *) (intptr_t) m);
    GUARD_END()
    return (jlong) (intptr_t) c;
}

JNIEXPORT void JNICALL Java_org_hyperrl_envs_mujoco_MujocoNative_freeModel(JNIEnv *env, jclass cls, jlong m) {
    (void) env; (void) cls;
    mj_deleteModel((mjModel *) (intptr_t) m);
}

JNIEXPORT jlong JNICALL Java_org_hyperrl_envs_mujoco_MujocoNative_makeData(JNIEnv *env, jclass cls, jlong m) {
    (void) cls;
    GUARD_BEGIN(env, 0)
    mjData *d = mj_makeData((const mjModel *) (intptr_t) m);
    GUARD_END()
    return (jlong) (intptr_t) d;
}

JNIEXPORT void JNICALL Java_org_hyperrl_envs_mujoco_MujocoNative_freeData(JNIEnv *env, jclass cls, jlong d) {
    (void) env; (void) cls;
    mj_deleteData((mjData *) (intptr_t) d);
}

JNIEXPORT jintArray JNICALL Java_org_hyperrl_envs_mujoco_MujocoNative_sizes(JNIEnv *env, jclass cls, jlong mp) {
    (void) cls;
    const mjModel *m = (const mjModel *) (intptr_t) mp;
    jint s[9] = {m->nq, m->nv, m->nu, m->nbody, m->ngeom, m->njnt, m->opt.integrator, m->opt.iterations,
                 m->opt.solver};
    jintArray out = (*env)->NewIntArray(env, 9);
    if (out != NULL) {
        (*env)->SetIntArrayRegion(env, out, 0, 9, s);
    }
    return out;
}

/* Field codes shared with MujocoNative.java. */
enum {
    D_QPOS = 0, D_QVEL, D_XPOS, D_XIPOS, D_XMAT, D_CFRC_EXT, D_CINERT, D_CVEL, D_QFRC_ACTUATOR, D_CTRL, D_SUBTREE_COM,
    D_WARNINGS
};
enum {
    M_BODY_MASS = 0, M_BODY_INERTIA, M_DOF_DAMPING, M_GEOM_FRICTION, M_ACTUATOR_GEAR, M_ACTUATOR_CTRLRANGE,
    M_JNT_RANGE, M_BODY_POS, M_GEOM_SIZE, M_DOF_ARMATURE, M_JNT_STIFFNESS, M_QPOS0, M_OPT_TIMESTEP, M_OPT_GRAVITY,
    M_BODY_SUBTREEMASS, M_GEOM_SOLIMP, M_GEOM_SOLREF
};

static mjtNum *data_field(const mjModel *m, mjData *d, int field, int *n) {
    switch (field) {
        case D_QPOS: *n = m->nq; return d->qpos;
        case D_QVEL: *n = m->nv; return d->qvel;
        case D_XPOS: *n = 3 * m->nbody; return d->xpos;
        case D_XIPOS: *n = 3 * m->nbody; return d->xipos;
        case D_XMAT: *n = 9 * m->nbody; return d->xmat;
        case D_CFRC_EXT: *n = 6 * m->nbody; return d->cfrc_ext;
        case D_CINERT: *n = 10 * m->nbody; return d->cinert;
        case D_CVEL: *n = 6 * m->nbody; return d->cvel;
        case D_QFRC_ACTUATOR: *n = m->nv; return d->qfrc_actuator;
        case D_CTRL: *n = m->nu; return d->ctrl;
        case D_SUBTREE_COM: *n = 3 * m->nbody; return d->subtree_com;
        default: *n = -1; return NULL;
    }
}

static mjtNum *model_field(mjModel *m, int field, int *n) {
    switch (field) {
        case M_BODY_MASS: *n = m->nbody; return m->body_mass;
        case M_BODY_INERTIA: *n = 3 * m->nbody; return m->body_inertia;
        case M_DOF_DAMPING: *n = m->nv; return m->dof_damping;
        case M_GEOM_FRICTION: *n = 3 * m->ngeom; return m->geom_friction;
        case M_ACTUATOR_GEAR: *n = 6 * m->nu; return m->actuator_gear;
        case M_ACTUATOR_CTRLRANGE: *n = 2 * m->nu; return m->actuator_ctrlrange;
        case M_JNT_RANGE: *n = 2 * m->njnt; return m->jnt_range;
        case M_BODY_POS: *n = 3 * m->nbody; return m->body_pos;
        case M_GEOM_SIZE: *n = 3 * m->ngeom; return m->geom_size;
        case M_DOF_ARMATURE: *n = m->nv; return m->dof_armature;
        case M_JNT_STIFFNESS: *n = m->njnt; return m->jnt_stiffness;
        case M_QPOS0: *n = m->nq; return m->qpos0;
        case M_OPT_TIMESTEP: *n = 1; return &m->opt.timestep;
        case M_OPT_GRAVITY: *n = 3; return m->opt.gravity;
        case M_BODY_SUBTREEMASS: *n = m->nbody; return m->body_subtreemass;
        case M_GEOM_SOLIMP: *n = mjNIMP * m->ngeom; return m->geom_solimp;
        case M_GEOM_SOLREF: *n = mjNREF * m->ngeom; return m->geom_solref;
        default: *n = -1; return NULL;
    }
}

static int check_len(JNIEnv *env, int n, jdoubleArray arr, int field) {
    if (n < 0) {
        char msg[100];
        snprintf(msg, sizeof(msg), "unknown MuJoCo field code %d", field);
        throw_java(env, "java/lang/IllegalArgumentException", msg);
        return 0;
    }
    jsize len = (*env)->GetArrayLength(env, arr);
    if (len != n) {
        char msg[160];
        snprintf(msg, sizeof(msg), "MuJoCo field %d has %d values but the array has %d", field, n, (int) len);
        throw_java(env, "java/lang/IllegalArgumentException", msg);
        return 0;
    }
    return 1;
}

JNIEXPORT jint JNICALL Java_org_hyperrl_envs_mujoco_MujocoNative_dataSize(JNIEnv *env, jclass cls, jlong mp,
                                                                        jint field) {
    (void) env; (void) cls;
    int n;
    if (field == D_WARNINGS) {
        return mjNWARNING;
    }
    mjData dummy;
    memset(&dummy, 0, sizeof(dummy));
    data_field((const mjModel *) (intptr_t) mp, &dummy, field, &n);
    return n;
}

JNIEXPORT jint JNICALL Java_org_hyperrl_envs_mujoco_MujocoNative_modelSize(JNIEnv *env, jclass cls, jlong mp,
                                                                         jint field) {
    (void) env; (void) cls;
    int n;
    model_field((mjModel *) (intptr_t) mp, field, &n);
    return n;
}

JNIEXPORT void JNICALL Java_org_hyperrl_envs_mujoco_MujocoNative_getData(JNIEnv *env, jclass cls, jlong mp, jlong dp,
                                                                       jint field, jdoubleArray out) {
    (void) cls;
    const mjModel *m = (const mjModel *) (intptr_t) mp;
    mjData *d = (mjData *) (intptr_t) dp;
    if (field == D_WARNINGS) {
        mjtNum warn_buf[mjNWARNING];
        if (!check_len(env, mjNWARNING, out, field)) return;
        for (int i = 0; i < mjNWARNING; i++) warn_buf[i] = d->warning[i].number;
        (*env)->SetDoubleArrayRegion(env, out, 0, mjNWARNING, warn_buf);
        return;
    }
    int n;
    mjtNum *p = data_field(m, d, field, &n);
    if (!check_len(env, n, out, field)) return;
    (*env)->SetDoubleArrayRegion(env, out, 0, n, p);
}

JNIEXPORT void JNICALL Java_org_hyperrl_envs_mujoco_MujocoNative_getModel(JNIEnv *env, jclass cls, jlong mp,
                                                                        jint field, jdoubleArray out) {
    (void) cls;
    int n;
    mjtNum *p = model_field((mjModel *) (intptr_t) mp, field, &n);
    if (!check_len(env, n, out, field)) return;
    (*env)->SetDoubleArrayRegion(env, out, 0, n, p);
}

JNIEXPORT void JNICALL Java_org_hyperrl_envs_mujoco_MujocoNative_setModel(JNIEnv *env, jclass cls, jlong mp,
                                                                        jint field, jdoubleArray in) {
    (void) cls;
    int n;
    mjtNum *p = model_field((mjModel *) (intptr_t) mp, field, &n);
    if (!check_len(env, n, in, field)) return;
    (*env)->GetDoubleArrayRegion(env, in, 0, n, p);
}

JNIEXPORT void JNICALL Java_org_hyperrl_envs_mujoco_MujocoNative_resetData(JNIEnv *env, jclass cls, jlong mp,
                                                                         jlong dp) {
    (void) cls;
    GUARD_BEGIN(env, )
    mj_resetData((const mjModel *) (intptr_t) mp, (mjData *) (intptr_t) dp);
    GUARD_END()
}

/*
 * The state reset of mj_resetData without its 3.2 MB memset. mj_resetData zeroes the whole mjData buffer, whose
 * size is dominated by arrays sized by njmax and nconmax (efc_AR alone is njmax x njmax doubles) and by the stack;
 * this takes 120-170 us, more than a Walker2d env step. Those arrays are scratch space: the engine reads only
 * their first ncon / nefc rows, which it writes in the same step, and the stack is rewritten before it is read.
 * This function therefore zeroes every other array of mjData (state, controls, applied forces, warm start,
 * user data and every per-body/per-dof result) and resets the header (time, counters, warnings, timers,
 * solver statistics) and qpos / mocap poses exactly as mj_resetData does. The next mj_forward / mj_step
 * are then bitwise identical to those after mj_resetData (tested on every bundled model after rollouts).
 */
static void reset_state(const mjModel *m, mjData *d) {
    MJDATA_POINTERS_PREAMBLE(m)
#define X(type, name, nr, nc)                                                                  \
    if (strstr(#nr "," #nc, "njmax") == NULL && strstr(#nr "," #nc, "nconmax") == NULL) {   \
        memset(d->name, 0, sizeof(type) * (size_t) (m->nr) * (size_t) (nc));                  \
    }
    MJDATA_POINTERS
#undef X
    (void) nv;
    (void) njmax;
    d->pstack = 0;
    d->maxuse_stack = 0;
    d->maxuse_con = 0;
    d->maxuse_efc = 0;
    memset(d->warning, 0, sizeof(d->warning));
    memset(d->timer, 0, sizeof(d->timer));
    memset(d->solver, 0, sizeof(d->solver));
    d->solver_iter = 0;
    d->solver_nnz = 0;
    d->solver_fwdinv[0] = 0;
    d->solver_fwdinv[1] = 0;
    d->ne = 0;
    d->nf = 0;
    d->nefc = 0;
    d->ncon = 0;
    d->time = 0;
    d->energy[0] = 0;
    d->energy[1] = 0;
    mju_copy(d->qpos, m->qpos0, m->nq);
    for (int i = 0; i < m->nbody; i++) {
        int id = m->body_mocapid[i];
        if (id >= 0) {
            mju_copy3(d->mocap_pos + 3 * id, m->body_pos + 3 * i);
            mju_copy4(d->mocap_quat + 4 * id, m->body_quat + 4 * i);
        }
    }
}

JNIEXPORT void JNICALL Java_org_hyperrl_envs_mujoco_MujocoNative_resetState(JNIEnv *env, jclass cls, jlong mp,
                                                                          jlong dp) {
    (void) env;
    (void) cls;
    reset_state((const mjModel *) (intptr_t) mp, (mjData *) (intptr_t) dp);
}

JNIEXPORT void JNICALL Java_org_hyperrl_envs_mujoco_MujocoNative_setState(JNIEnv *env, jclass cls, jlong mp, jlong dp,
                                                                        jdoubleArray qpos, jdoubleArray qvel) {
    (void) cls;
    const mjModel *m = (const mjModel *) (intptr_t) mp;
    mjData *d = (mjData *) (intptr_t) dp;
    if (!check_len(env, m->nq, qpos, D_QPOS) || !check_len(env, m->nv, qvel, D_QVEL)) return;
    (*env)->GetDoubleArrayRegion(env, qpos, 0, m->nq, d->qpos);
    (*env)->GetDoubleArrayRegion(env, qvel, 0, m->nv, d->qvel);
    GUARD_BEGIN(env, )
    mj_forward(m, d);
    GUARD_END()
}

JNIEXPORT void JNICALL Java_org_hyperrl_envs_mujoco_MujocoNative_step(JNIEnv *env, jclass cls, jlong mp, jlong dp,
                                                                    jdoubleArray ctrl, jint nsteps,
                                                                    jboolean rnePost) {
    (void) cls;
    const mjModel *m = (const mjModel *) (intptr_t) mp;
    mjData *d = (mjData *) (intptr_t) dp;
    if (!check_len(env, m->nu, ctrl, D_CTRL)) return;
    (*env)->GetDoubleArrayRegion(env, ctrl, 0, m->nu, d->ctrl);
    GUARD_BEGIN(env, )
    for (int i = 0; i < nsteps; i++) {
        mj_step(m, d);
    }
    if (rnePost) {
        mj_rnePostConstraint(m, d);
    }
    GUARD_END()
}

JNIEXPORT void JNICALL Java_org_hyperrl_envs_mujoco_MujocoNative_setConst(JNIEnv *env, jclass cls, jlong mp, jlong dp) {
    (void) cls;
    GUARD_BEGIN(env, )
    mj_setConst((mjModel *) (intptr_t) mp, (mjData *) (intptr_t) dp);
    GUARD_END()
}

JNIEXPORT jint JNICALL Java_org_hyperrl_envs_mujoco_MujocoNative_name2id(JNIEnv *env, jclass cls, jlong mp,
                                                                       jint type, jstring name) {
    (void) cls;
    const char *s = (*env)->GetStringUTFChars(env, name, NULL);
    if (s == NULL) return -1;
    int id = mj_name2id((const mjModel *) (intptr_t) mp, type, s);
    (*env)->ReleaseStringUTFChars(env, name, s);
    return id;
}

/* Raw C loop for the benchmark: envSteps x (random ctrl in ctrlrange, frameSkip x mj_step); the state is reset
 * to qpos0 every resetEvery env steps (0 = never) so that episodic envs can be compared on similar states; it
 * resets with reset_state, as the Java envs do. */
static void raw_loop(const mjModel *m, mjData *d, int envSteps, int frameSkip, int rnePost, unsigned int state,
                     int resetEvery) {
    for (int s = 0; s < envSteps; s++) {
        if (resetEvery > 0 && s > 0 && s % resetEvery == 0) {
            reset_state(m, d);
            mj_forward(m, d);
        }
        for (int j = 0; j < m->nu; j++) {
            state = state * 1664525u + 1013904223u;
            double u = (state >> 8) / 16777216.0;
            double lo = m->actuator_ctrlrange[2 * j], hi = m->actuator_ctrlrange[2 * j + 1];
            d->ctrl[j] = lo + (hi - lo) * u;
        }
        for (int k = 0; k < frameSkip; k++) {
            mj_step(m, d);
        }
        if (rnePost) {
            mj_rnePostConstraint(m, d);
        }
    }
}

/* Times raw_loop; returns seconds. */
JNIEXPORT jdouble JNICALL Java_org_hyperrl_envs_mujoco_MujocoNative_rawStepLoop(JNIEnv *env, jclass cls, jlong mp,
                                                                              jlong dp, jint envSteps,
                                                                              jint frameSkip, jboolean rnePost,
                                                                              jint seed, jint resetEvery) {
    (void) cls;
    struct timespec t0, t1;
    GUARD_BEGIN(env, -1.0)
    clock_gettime(CLOCK_MONOTONIC, &t0);
    raw_loop((const mjModel *) (intptr_t) mp, (mjData *) (intptr_t) dp, envSteps, frameSkip, rnePost,
             (unsigned int) seed * 2654435761u + 1u, resetEvery);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    GUARD_END()
    return (double) (t1.tv_sec - t0.tv_sec) + 1e-9 * (double) (t1.tv_nsec - t0.tv_nsec);
}
