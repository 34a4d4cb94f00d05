package io.featuredrop.service.checkpoints;

import io.featuredrop.checkpoint.CheckpointStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The checkpoint store every service shares: {@code featuredrop.checkpoints.dir} (env
 * {@code FEATUREDROP_CHECKPOINTS_DIR}), a volume in compose, a PVC in Kubernetes.
 */
@ApplicationScoped
public class CheckpointStoreProducer {

    @Produces
    @Singleton // a final class: no client proxy
    CheckpointStore store(@ConfigProperty(name = "featuredrop.checkpoints.dir", defaultValue = "checkpoints") String dir) {
        return new CheckpointStore(Path.of(dir));
    }
}
