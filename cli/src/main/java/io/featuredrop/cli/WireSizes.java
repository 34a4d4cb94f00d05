package io.featuredrop.cli;

import io.featuredrop.config.RunConfigValidator;
import io.featuredrop.data.Datasets;
import io.featuredrop.data.MultiTaskDataset;
import io.featuredrop.events.RunConfig;
import io.featuredrop.events.ViewBatch;
import io.featuredrop.events.WirePrecision;
import io.featuredrop.split.ViewProducer;
import io.featuredrop.wire.ViewBatchCodec;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.utils.ByteBufferOutputStream;

/**
 * Bytes on the wire per training step: a real view batch of fashion-mnist+mnist (expert views, and
 * the views of a freshly initialised Viewmaker), encoded fp32 and fp16 and compressed as the Kafka
 * producer would (its own codecs). A Viewmaker step also sends a view gradient of the same size
 * back, so its traffic is twice the view bytes.
 */
final class WireSizes {

    private WireSizes() {
    }

    static void print(int batchSize) throws IOException {
        System.out.printf("%-10s %-6s %12s %12s %12s %12s%n", "views", "wire", "raw bytes", "lz4", "zstd", "gzip");
        for (String mode : new String[] {"expert", "viewmaker"}) {
            for (WirePrecision precision : WirePrecision.values()) {
                RunConfig config = RunConfigValidator.check(("{\"runId\":\"wire\",\"dataset\":\"fashion-mnist+mnist\",\"mode\":\"" + mode
                        + "\",\"batchSize\":" + batchSize + ",\"wirePrecision\":\"" + precision.name().toLowerCase() + "\"}")
                        .getBytes(StandardCharsets.UTF_8)).config();
                MultiTaskDataset data = Datasets.open(config.dataset());
                byte[] raw;
                try (ViewProducer producer = new ViewProducer(config, data)) {
                    ViewBatch batch = producer.next();
                    raw = ViewBatchCodec.encode(batch).value();
                }
                System.out.printf("%-10s %-6s %12d %12d %12d %12d%n", mode, precision.name().toLowerCase(), raw.length,
                        compressed(raw, Compression.lz4().build()), compressed(raw, Compression.zstd().build()),
                        compressed(raw, Compression.gzip().build()));
            }
        }
    }

    private static int compressed(byte[] raw, Compression codec) throws IOException {
        ByteBufferOutputStream out = new ByteBufferOutputStream(ByteBuffer.allocate(raw.length / 2 + 1024));
        try (OutputStream wrapped = codec.wrapForOutput(out, RecordBatch.CURRENT_MAGIC_VALUE)) {
            wrapped.write(raw);
        }
        return out.position();
    }
}
