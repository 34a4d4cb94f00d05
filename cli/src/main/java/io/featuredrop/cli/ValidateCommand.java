package io.featuredrop.cli;

import io.featuredrop.config.ConfigCheck;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Check run config files offline with the same validator as the services; print every bad field. Exit 2 if any is invalid.")
final class ValidateCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "CONFIG", description = "run config files (.json, .yaml)")
    Path[] files;

    @Override
    public Integer call() throws Exception {
        int code = 0;
        for (Path f : files) {
            ConfigCheck check = ConfigFiles.check(f);
            System.out.println(f + ": " + ConfigFiles.describe(check));
            if (!check.valid()) {
                code = 2;
            }
        }
        return code;
    }
}
