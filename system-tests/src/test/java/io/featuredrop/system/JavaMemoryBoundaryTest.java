package io.featuredrop.system;

import com.tngtech.archunit.core.domain.AccessTarget;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every way a DJL array can alias Java-owned memory goes through {@code io.featuredrop.model.OwnedArrays}
 * (docs/ML.md, "Java memory on autograd paths"). On CPU, DJL's PyTorch engine wraps Java direct
 * buffers without copying: {@code NDManager.create(...)} of Java values, every {@code NDArray}
 * method that takes a {@code Number} (DJL turns the number into such an array and closes it right
 * after the op, while autograd may keep it for backward; {@code clip} included, whose bounds become
 * such tensors too), the same on {@code NDArrayEx} and {@code NDArrays}, {@code NDArray.set(Buffer)}
 * (swaps the storage for the buffer), {@code toByteBuffer(true)}, and decoding or loading arrays and
 * parameters from bytes. Calls and method references both count. This test reads the compiled main classes
 * of every module and fails on any such call outside {@code OwnedArrays}.
 */
@Tag("system")
class JavaMemoryBoundaryTest {

    private static final String MECHANISM = "io.featuredrop.model.OwnedArrays";

    @Test
    void onlyOwnedArraysHandsJavaMemoryToDjl() throws IOException {
        JavaClasses classes = new ClassFileImporter().importPaths(mainClassDirectories());
        for (String probe : List.of(MECHANISM, "io.featuredrop.cli.BenchCommand", "io.featuredrop.augmenter.streaming.ViewStreaming",
                "io.featuredrop.trainer.training.ViewTraining", "io.featuredrop.evaluator.api.ViewGridResource")) {
            assertTrue(classes.contain(probe), "the main classes of " + probe + "'s module were not found (build them first)");
        }
        List<String> violations = classes.stream()
                .filter(c -> !c.getName().equals(MECHANISM) && !c.getName().startsWith(MECHANISM + "$"))
                .flatMap(c -> Stream.concat(
                        c.getMethodCallsFromSelf().stream().filter(call -> aliasesJavaMemory(call.getTarget()))
                                .map(call -> call.getDescription()),
                        c.getMethodReferencesFromSelf().stream().filter(ref -> aliasesJavaMemory(ref.getTarget()))
                                .map(ref -> ref.getDescription())))
                .sorted().toList();
        assertEquals(List.of(), violations, "calls that hand Java memory to DJL outside " + MECHANISM);
    }

    static boolean aliasesJavaMemory(AccessTarget.CodeUnitAccessTarget target) {
        JavaClass ownerClass = target.getOwner();
        String name = target.getName();
        List<String> params = target.getRawParameterTypes().stream().map(t -> t.getName()).toList();
        if (ownerClass.isAssignableTo("ai.djl.ndarray.NDManager")) {
            if (name.startsWith("create")) {
                // create(Shape), create(Shape, DataType[, Device]) allocate in libtorch; every other create* wraps Java data
                return params.isEmpty() || !params.get(0).equals("ai.djl.ndarray.types.Shape") || params.size() > 3;
            }
            return name.equals("from") || name.equals("decode") || name.equals("load");
        }
        boolean ndArray = ownerClass.isAssignableTo("ai.djl.ndarray.NDArray");
        if (ndArray && name.equals("set") && params.size() == 1) {
            return true; // set(Buffer), set(float[]), ...: the array's storage becomes the Java buffer
        }
        if (ndArray && name.equals("toByteBuffer") && params.size() == 1) {
            return true; // toByteBuffer(true) is a view of native memory that outlives nothing
        }
        if ((ndArray || ownerClass.isAssignableTo("ai.djl.ndarray.internal.NDArrayEx") || ownerClass.isEquivalentTo(ai.djl.ndarray.NDArrays.class))
                && params.contains("java.lang.Number")) {
            return true; // DJL wraps the number in a Java-memory tensor (clip too: both bounds)
        }
        // loading weights or arrays from bytes makes tensors over the decoded Java buffers
        return (ownerClass.isAssignableTo("ai.djl.ndarray.NDArray") || ownerClass.isAssignableTo("ai.djl.ndarray.NDList"))
                && name.equals("decode")
                || ownerClass.isAssignableTo("ai.djl.nn.Block") && name.equals("loadParameters")
                || ownerClass.isAssignableTo("ai.djl.nn.Parameter") && name.equals("load");
    }

    private static Path[] mainClassDirectories() throws IOException {
        Path root = Path.of(System.getProperty("featuredrop.repo.root", ".."));
        try (Stream<Path> modules = Files.list(root)) {
            return modules.map(m -> m.resolve("target/classes")).filter(Files::isDirectory).toArray(Path[]::new);
        }
    }
}
