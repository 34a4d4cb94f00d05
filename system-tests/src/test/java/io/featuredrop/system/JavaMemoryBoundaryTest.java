package io.featuredrop.system;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every way a DJL array can alias Java-owned memory goes through {@code io.featuredrop.model.OwnedArrays}
 * (docs/ML.md, "Java memory on autograd paths"). On CPU, DJL's PyTorch engine wraps Java direct
 * buffers without copying: {@code NDManager.create(...)} of Java values, every {@code NDArray}
 * method that takes a {@code Number} (DJL turns the number into such an array and closes it right
 * after the op, while autograd may keep it for backward), {@code NDArray.set(Buffer)} (swaps the
 * storage for the buffer) and {@code toByteBuffer(true)}. This test reads the compiled main classes
 * of every module and fails on any such call outside {@code OwnedArrays}.
 */
class JavaMemoryBoundaryTest {

    private static final String MECHANISM = "io.featuredrop.model.OwnedArrays";

    @Test
    void onlyOwnedArraysHandsJavaMemoryToDjl() throws IOException {
        JavaClasses classes = new ClassFileImporter().importPaths(mainClassDirectories());
        assertTrue(classes.contain(MECHANISM), "the main classes of common were not found");
        assertTrue(classes.contain("io.featuredrop.cli.BenchCommand"), "the main classes of cli were not found");
        List<String> violations = classes.stream()
                .filter(c -> !c.getName().equals(MECHANISM) && !c.getName().startsWith(MECHANISM + "$"))
                .flatMap(c -> c.getMethodCallsFromSelf().stream())
                .filter(JavaMemoryBoundaryTest::aliasesJavaMemory)
                .map(call -> call.getDescription())
                .sorted().toList();
        assertEquals(List.of(), violations, "calls that hand Java memory to DJL outside " + MECHANISM);
    }

    static boolean aliasesJavaMemory(JavaMethodCall call) {
        String owner = call.getTargetOwner().getName();
        String name = call.getName();
        List<String> params = call.getTarget().getRawParameterTypes().stream().map(t -> t.getName()).toList();
        boolean ndArray = call.getTargetOwner().isAssignableTo("ai.djl.ndarray.NDArray");
        boolean ndManager = call.getTargetOwner().isAssignableTo("ai.djl.ndarray.NDManager");
        if (ndManager && (name.equals("create") || name.equals("from") || name.equals("decode") || name.equals("load"))) {
            // create(Shape) and create(Shape, DataType[, Device]) allocate in libtorch
            return !(name.equals("create") && !params.isEmpty() && params.get(0).equals("ai.djl.ndarray.types.Shape"));
        }
        if (ndArray && name.equals("set") && params.size() == 1) {
            return true; // set(Buffer), set(float[]), ...: the array's storage becomes the Java buffer
        }
        if (ndArray && name.equals("toByteBuffer") && params.size() == 1) {
            return true; // toByteBuffer(true) is a view of native memory that outlives nothing
        }
        boolean takesNumber = params.contains("java.lang.Number");
        if ((ndArray || owner.equals("ai.djl.ndarray.NDArrays")) && takesNumber) {
            // clip(Number, Number) passes both numbers by value to libtorch's clamp
            return !name.equals("clip");
        }
        return false;
    }

    private static Path[] mainClassDirectories() throws IOException {
        Path root = Path.of(System.getProperty("featuredrop.repo.root", ".."));
        try (Stream<Path> modules = Files.list(root)) {
            return modules.map(m -> m.resolve("target/classes")).filter(Files::isDirectory).toArray(Path[]::new);
        }
    }
}
