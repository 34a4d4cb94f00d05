package io.featuredrop.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code featuredrop} command. */
@Command(name = "featuredrop", mixinStandardHelpOptions = true, version = "featuredrop 0.1.0",
        description = "Contrastive-learning augmentation experiments (Feature Dropout, Tamkin et al. 2023) as services over Kafka.",
        subcommands = {BrokerCommand.class, TopicsCommand.class, ValidateCommand.class, RunCommand.class, SweepCommand.class, StatusCommand.class, ResultsCommand.class, ReportCommand.class, CancelCommand.class, TheoryCommand.class,
                UpCommand.class, DownCommand.class, DemoCommand.class, TrainLocalCommand.class, DatasetCommand.class, ExportCommand.class, ProbeCommand.class, CeilingCommand.class, BenchCommand.class, FingerprintCommand.class, CommandLine.HelpCommand.class})
public final class Featuredrop implements Runnable {

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    public static void main(String[] args) {
        int code = new CommandLine(new Featuredrop())
                .setExecutionExceptionHandler((ex, cmd, parsed) -> {
                    cmd.getErr().println("featuredrop: " + ex.getMessage());
                    return 1;
                })
                .execute(args);
        System.exit(code);
    }
}
