package io.featuredrop.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValueUtils;
import ai.djl.pytorch.jni.JniUtils;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * libtorch's own {@code reflection_pad2d} (forward and backward one native pass each), reached
 * through a one-op TorchScript module because DJL's JNI wraps only constant padding. The module is
 * written here, not shipped: a TorchScript archive is a zip of the class's source, a pickle of the
 * object (no parameters), an empty constants pickle and a format version. One module per padding,
 * loaded once per process into a manager that lives as long as the process; the module holds no
 * tensors, so inputs and outputs stay in the caller's managers and autograd sees native memory only.
 */
final class NativeReflectionPad {

    /** Format 3: what libtorch writes for modules that need no operator upgraders; every later reader loads it. */
    private static final String FORMAT_VERSION = "3";

    private NativeReflectionPad() {
    }

    /** Created on first use, so merely loading this class starts no engine. */
    private static final class Loaded {
        static final NDManager MODULES = NDManager.newBaseManager("PyTorch");
        static final Map<Integer, PtSymbolBlock> BY_PADDING = new ConcurrentHashMap<>();
    }

    /** {@code x} [N, C, H, W], a PyTorch-engine array, padded by {@code p} on each side of its last two axes. */
    static NDArray pad(NDArray x, int p) {
        PtSymbolBlock module = Loaded.BY_PADDING.computeIfAbsent(p, NativeReflectionPad::load);
        // training = true keeps libtorch's grad mode, so the output joins the caller's graph
        return IValueUtils.forward(module, new NDList(x), true).singletonOrThrow();
    }

    private static PtSymbolBlock load(int p) {
        try {
            return JniUtils.loadModule((PtNDManager) Loaded.MODULES, new ByteArrayInputStream(archive(p)), false, false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load the reflection-pad module for padding " + p, e);
        }
    }

    /** The TorchScript archive of a module whose forward pads by {@code p}. */
    static byte[] archive(int p) {
        if (p < 1) {
            throw new IllegalArgumentException("padding must be positive: " + p);
        }
        String className = "ReflectionPad" + p;
        String folder = "reflection_pad_" + p + "/";
        String code = "class " + className + "(Module):\n"
                + "  __parameters__ = []\n"
                + "  __buffers__ = []\n"
                + "  training : bool\n"
                + "  def forward(self: __torch__." + className + ",\n"
                + "    x: Tensor) -> Tensor:\n"
                + "    return torch.reflection_pad2d(x, [" + p + ", " + p + ", " + p + ", " + p + "])\n";
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            stored(zip, folder + "data.pkl", moduleObjectPickle(className));
            stored(zip, folder + "code/__torch__.py", code.getBytes(StandardCharsets.UTF_8));
            stored(zip, folder + "constants.pkl", new byte[] {(byte) 0x80, 2, ')', '.'});
            stored(zip, folder + "version", FORMAT_VERSION.getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Pickle (protocol 2) of {@code __torch__.<className>()} with state {@code {"training": True}}. */
    private static byte[] moduleObjectPickle(String className) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x80);
        out.write(2); // PROTO 2
        out.write('c'); // GLOBAL module \n name \n
        out.writeBytes(("__torch__\n" + className + "\n").getBytes(StandardCharsets.US_ASCII));
        out.write(')'); // EMPTY_TUPLE
        out.write(0x81); // NEWOBJ
        out.write('}'); // EMPTY_DICT
        byte[] key = "training".getBytes(StandardCharsets.US_ASCII);
        out.write('X'); // BINUNICODE, 4-byte little-endian length
        out.write(key.length);
        out.write(0);
        out.write(0);
        out.write(0);
        out.writeBytes(key);
        out.write(0x88); // NEWTRUE
        out.write('s'); // SETITEM
        out.write('b'); // BUILD
        out.write('.'); // STOP
        return out.toByteArray();
    }

    private static void stored(ZipOutputStream zip, String name, byte[] content) throws IOException {
        ZipEntry entry = new ZipEntry(name);
        entry.setMethod(ZipEntry.STORED);
        entry.setSize(content.length);
        entry.setCompressedSize(content.length);
        CRC32 crc = new CRC32();
        crc.update(content);
        entry.setCrc(crc.getValue());
        entry.setTime(0L);
        zip.putNextEntry(entry);
        zip.write(content);
        zip.closeEntry();
    }
}
