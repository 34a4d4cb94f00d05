package io.featuredrop.model;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * What a busy JVM does between a forward and a backward pass, on purpose: a full collection (so the
 * JDK frees every unreachable direct buffer) and then many small direct buffers filled with NaN, which
 * the C allocator hands out from the chunks just freed. Any tensor that still points into freed Java
 * memory then reads NaN instead of its value.
 */
final class JavaMemoryChurn {

    private JavaMemoryChurn() {
    }

    /** @return the filler buffers; keep them reachable until the backward pass is done */
    static List<ByteBuffer> freeAndReuse() throws InterruptedException {
        BufferPoolMXBean direct = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
                .filter(b -> b.getName().equals("direct")).findFirst().orElseThrow();
        long before = direct.getCount();
        for (int i = 0; i < 20; i++) {
            System.gc();
            Thread.sleep(25); // the Cleaner thread frees the buffers after the collection
            if (direct.getCount() < before && i >= 2) {
                break;
            }
        }
        List<ByteBuffer> filler = new ArrayList<>();
        for (int size : new int[] {4, 8, 16, 32, 64}) {
            for (int i = 0; i < 4000; i++) {
                ByteBuffer b = ByteBuffer.allocateDirect(size).order(ByteOrder.nativeOrder());
                while (b.remaining() >= 4) {
                    b.putFloat(Float.NaN);
                }
                filler.add(b);
            }
        }
        return filler;
    }
}
