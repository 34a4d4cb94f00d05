package io.featuredrop.augmenter.health;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.health.SmallRyeHealthReporter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * {@code featuredrop_service_ready}: 1 while the service's readiness checks are UP, else 0, so the
 * readiness alert works wherever Prometheus scrapes (compose too, not only under kube-state-metrics).
 * Computed every 5 s on a thread of its own: a readiness check that waits on an absent broker must
 * never make a scrape wait.
 */
@ApplicationScoped
public class ReadinessGauge {

    private static final Logger LOG = Logger.getLogger(ReadinessGauge.class);
    private final SmallRyeHealthReporter health;
    private final AtomicInteger ready = new AtomicInteger(0);
    private ScheduledExecutorService timer;

    public ReadinessGauge(SmallRyeHealthReporter health, MeterRegistry metrics) {
        this.health = health;
        Gauge.builder("featuredrop.service.ready", ready, AtomicInteger::get)
                .description("1 while every readiness check of this service is UP, 0 otherwise").register(metrics);
    }

    void start(@Observes StartupEvent ignored) {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "readiness-gauge");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::refresh, 0, 5, TimeUnit.SECONDS);
    }

    private void refresh() {
        try {
            int now = health.getReadiness().isDown() ? 0 : 1;
            if (ready.getAndSet(now) != now) {
                LOG.infof("readiness is now %s", now == 1 ? "UP" : "DOWN");
            }
        } catch (RuntimeException e) {
            ready.set(0);
        }
    }

    void stop(@Observes ShutdownEvent ignored) {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
