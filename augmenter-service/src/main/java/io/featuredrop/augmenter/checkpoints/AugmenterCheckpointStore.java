package io.featuredrop.augmenter.checkpoints;

import io.featuredrop.checkpoint.CheckpointStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The shared checkpoint store ({@code featuredrop.checkpoints.dir}) for the augmenter, which does
 * not use service-kit (its run intake owns the status history the followers there rebuild).
 */
@ApplicationScoped
public class AugmenterCheckpointStore {

    @Produces
    @Singleton // a final class: no client proxy
    CheckpointStore store(@ConfigProperty(name = "featuredrop.checkpoints.dir", defaultValue = "checkpoints") String dir) {
        return new CheckpointStore(Path.of(dir));
    }
}
