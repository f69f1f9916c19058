# Native tuning for ND4J on the CPU backend, sourced by ./hyperrl and .ci/run. Measured in docs/performance.md.
# Values already set in the environment win.

# One native (OpenMP/BLAS) thread per process was faster for the papers' network sizes on 2 cores.
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-1}"

# ND4J bundles OpenBLAS 0.3.19, which does not recognise recent Intel CPUs and falls back to a generic kernel
# (~3x slower sgemm on the development machine); on CPUs with AVX-512 select the Skylake-X kernels explicitly.
# BlasSanityTest checks the products against a reference loop.
if [ -z "${OPENBLAS_CORETYPE:-}" ] && [ -r /proc/cpuinfo ] \
   && grep -qw avx512f /proc/cpuinfo && grep -qw avx512bw /proc/cpuinfo && grep -qw avx512vl /proc/cpuinfo; then
  export OPENBLAS_CORETYPE=SKYLAKEX
fi

# Large native arrays are allocated and freed every training step: keep them in glibc's heap, on huge pages,
# instead of fresh mmap'd pages (page faults are costly in virtual machines).
export GLIBC_TUNABLES="${GLIBC_TUNABLES:-glibc.malloc.hugetlb=1:glibc.malloc.mmap_threshold=33554432:glibc.malloc.trim_threshold=2147483648}"
