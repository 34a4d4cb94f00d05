package io.featuredrop.cli;

import io.featuredrop.data.DatasetInfo;
import io.featuredrop.data.DatasetRegistry;
import io.featuredrop.data.Datasets;
import io.featuredrop.data.ItemBatch;
import io.featuredrop.data.MultiTaskDataset;
import io.featuredrop.data.Split;
import io.featuredrop.report.ImageGrid;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;

@Command(name = "dataset", mixinStandardHelpOptions = true, description = "List datasets or write a sample grid of one as PNG.",
        subcommands = {DatasetCommand.ListDatasets.class, DatasetCommand.Show.class})
final class DatasetCommand implements Runnable {

    @Override
    public void run() {
        new ListDatasets().run();
    }

    @Command(name = "list", description = "Registered datasets, their tasks and sources.")
    static final class ListDatasets implements Runnable {
        @Override
        public void run() {
            for (DatasetInfo d : DatasetRegistry.all()) {
                System.out.printf("%-22s %dx%dx%d  train %d / test %d  tasks %s  budget %.2f  (%s)%n", d.name(), d.channels(), d.height(),
                        d.width(), d.trainSize(), d.testSize(), d.tasks().stream().map(t -> t.name() + "/" + t.numClasses()).toList(),
                        d.defaultBudget(), d.source());
            }
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Write a grid of items (rows of a split) with their labels printed.")
    static final class Show implements Callable<Integer> {
        @Parameters(index = "0", description = "dataset name")
        String name;
        @Option(names = "--out", description = "PNG file (default reports/dataset-<name>.png)")
        Path out;
        @Option(names = "--rows", defaultValue = "4")
        int rows;
        @Option(names = "--columns", defaultValue = "8")
        int columns;
        @Option(names = "--split", defaultValue = "TRAIN", description = "TRAIN or TEST")
        Split split;
        @Option(names = "--seed", defaultValue = "0")
        long seed;

        @Override
        public Integer call() throws Exception {
            MultiTaskDataset data = Datasets.open(name);
            DatasetInfo info = data.info();
            List<float[]> grid = new ArrayList<>();
            for (int r = 0; r < rows; r++) {
                int[] idx = new int[columns];
                for (int c = 0; c < columns; c++) {
                    idx[c] = r * columns + c;
                }
                SplittableRandom base = new SplittableRandom(seed + r);
                ItemBatch b = ItemBatch.load(data, split, idx, i -> base.split());
                grid.add(b.images());
                StringBuilder labels = new StringBuilder("row " + r + ":");
                for (int c = 0; c < columns; c++) {
                    labels.append(" (");
                    for (int t = 0; t < info.tasks().size(); t++) {
                        labels.append(t == 0 ? "" : ",").append(info.tasks().get(t).name()).append('=').append(b.labels()[t][c]);
                    }
                    labels.append(')');
                }
                System.out.println(labels);
            }
            Path file = out != null ? out : Path.of("reports", "dataset-" + name.replace('+', '-') + ".png");
            ImageGrid.write(grid, columns, info.channels(), info.height(), info.width(), 4, file);
            System.out.println("wrote " + file);
            return 0;
        }
    }
}
