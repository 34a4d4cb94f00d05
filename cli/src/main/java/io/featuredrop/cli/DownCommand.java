package io.featuredrop.cli;

import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "down", mixinStandardHelpOptions = true, description = "Stop the three services and the local broker.")
final class DownCommand implements Callable<Integer> {

    @Mixin
    LocalOptions local = new LocalOptions();

    static void bringDown(LocalOptions local) {
        UpCommand.stack(local).stop(Duration.ofSeconds(30)).forEach(System.out::println);
        if (local.broker().stop(Duration.ofSeconds(60))) {
            System.out.println("broker stopped");
        }
    }

    @Override
    public Integer call() {
        bringDown(local);
        return 0;
    }
}
