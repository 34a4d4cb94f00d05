package io.featuredrop.service.runs;

import io.featuredrop.runs.RunBoard;

/**
 * Where a service's board of runs comes from: the augmenter's own intake history, or the
 * {@link RunFollower} of the trainer and evaluator. The runs API reads whichever the service has.
 */
public interface RunBoardSource {

    RunBoard board();
}
