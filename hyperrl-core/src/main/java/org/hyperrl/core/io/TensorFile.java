package org.hyperrl.core.io;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A simple self-describing file of named arrays plus string metadata, written atomically (to a temporary
 * file in the same directory, then renamed), so a crash never leaves a half-written file under the final
 * name. Values round-trip bitwise. Format (big-endian): magic {@code HYPERRLT}, version, metadata entries,
 * then per array: name, type code, rank, shape, raw values.
 *
 * @param metadata string key/values (e.g. versions, architecture description)
 * @param arrays   named arrays in order
 */
public record TensorFile(Map<String, String> metadata, Map<String, INDArray> arrays) {
    private static final byte[] MAGIC = "HYPERRLT".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final int VERSION = 1;

    /** Writes atomically to {@code file}, creating parent directories. */
    public void write(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
        try {
            try (OutputStream os = Files.newOutputStream(tmp);
                 DataOutputStream out = new DataOutputStream(new BufferedOutputStream(os, 1 << 16))) {
                out.write(MAGIC);
                out.writeInt(VERSION);
                out.writeInt(metadata.size());
                for (Map.Entry<String, String> e : metadata.entrySet()) {
                    out.writeUTF(e.getKey());
                    out.writeUTF(e.getValue());
                }
                out.writeInt(arrays.size());
                for (Map.Entry<String, INDArray> e : arrays.entrySet()) {
                    writeArray(out, e.getKey(), e.getValue());
                }
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Reads a file written by {@link #write}.
     *
     * @throws IOException with a message naming the file if it is not such a file or is truncated
     */
    public static TensorFile read(Path file) throws IOException {
        try (InputStream is = Files.newInputStream(file);
             DataInputStream in = new DataInputStream(new BufferedInputStream(is, 1 << 16))) {
            byte[] magic = new byte[MAGIC.length];
            in.readFully(magic);
            if (!Arrays.equals(magic, MAGIC)) {
                throw new IOException(file + " is not a HyperRL tensor file (bad magic bytes)");
            }
            int version = in.readInt();
            if (version != VERSION) {
                throw new IOException(file + " has format version " + version + "; this library reads version " + VERSION);
            }
            Map<String, String> meta = new LinkedHashMap<>();
            int nMeta = in.readInt();
            for (int i = 0; i < nMeta; i++) {
                meta.put(in.readUTF(), in.readUTF());
            }
            Map<String, INDArray> arrays = new LinkedHashMap<>();
            int n = in.readInt();
            for (int i = 0; i < n; i++) {
                String name = in.readUTF();
                arrays.put(name, readArray(in, file, name));
            }
            return new TensorFile(meta, arrays);
        } catch (EOFException e) {
            throw new IOException(file + " is truncated or corrupt", e);
        }
    }

    private static void writeArray(DataOutputStream out, String name, INDArray arr) throws IOException {
        INDArray a = arr.isView() || arr.ordering() != 'c' ? arr.dup('c') : arr;
        DataType t = a.dataType();
        out.writeUTF(name);
        out.writeByte(code(t));
        long[] shape = a.shape();
        out.writeInt(shape.length);
        for (long d : shape) {
            out.writeLong(d);
        }
        int n = (int) a.length();
        ByteBuffer buf = ByteBuffer.allocate(n * t.width()).order(ByteOrder.BIG_ENDIAN);
        switch (t) {
            case FLOAT -> buf.asFloatBuffer().put(a.data().asFloat(), 0, n);
            case DOUBLE -> buf.asDoubleBuffer().put(a.data().asDouble(), 0, n);
            case LONG -> buf.asLongBuffer().put(a.data().asLong(), 0, n);
            case INT -> buf.asIntBuffer().put(a.data().asInt(), 0, n);
            default -> throw new IllegalArgumentException("cannot store array '" + name + "' of type " + t);
        }
        out.write(buf.array());
    }

    private static INDArray readArray(DataInputStream in, Path file, String name) throws IOException {
        DataType t = type(in.readByte(), file, name);
        int rank = in.readInt();
        if (rank < 0 || rank > 32) {
            throw new IOException(file + ": array '" + name + "' has invalid rank " + rank);
        }
        long[] shape = new long[rank];
        long n = 1;
        for (int i = 0; i < rank; i++) {
            shape[i] = in.readLong();
            n *= shape[i];
        }
        if (n < 0 || n * t.width() > Integer.MAX_VALUE) {
            throw new IOException(file + ": array '" + name + "' has invalid shape " + Arrays.toString(shape));
        }
        byte[] bytes = new byte[(int) n * t.width()];
        in.readFully(bytes);
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.BIG_ENDIAN);
        int len = (int) n;
        return switch (t) {
            case FLOAT -> {
                float[] v = new float[len];
                buf.asFloatBuffer().get(v);
                yield Nd4j.create(v, shape, 'c');
            }
            case DOUBLE -> {
                double[] v = new double[len];
                buf.asDoubleBuffer().get(v);
                yield Nd4j.create(v, shape, 'c');
            }
            case LONG -> {
                long[] v = new long[len];
                buf.asLongBuffer().get(v);
                yield Nd4j.createFromArray(v).reshape(shape);
            }
            default -> {
                int[] v = new int[len];
                buf.asIntBuffer().get(v);
                yield Nd4j.createFromArray(v).reshape(shape);
            }
        };
    }

    private static byte code(DataType t) {
        return switch (t) {
            case FLOAT -> 0;
            case DOUBLE -> 1;
            case LONG -> 2;
            case INT -> 3;
            default -> throw new IllegalArgumentException("unsupported array type " + t);
        };
    }

    private static DataType type(byte code, Path file, String name) throws IOException {
        return switch (code) {
            case 0 -> DataType.FLOAT;
            case 1 -> DataType.DOUBLE;
            case 2 -> DataType.LONG;
            case 3 -> DataType.INT;
            default -> throw new IOException(file + ": array '" + name + "' has unknown type code " + code);
        };
    }
}
