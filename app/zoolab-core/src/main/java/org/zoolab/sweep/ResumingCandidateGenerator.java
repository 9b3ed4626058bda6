package org.zoolab.sweep;

import org.deeplearning4j.arbiter.optimize.api.Candidate;
import org.deeplearning4j.arbiter.optimize.api.CandidateGenerator;
import org.deeplearning4j.arbiter.optimize.api.OptimizationResult;
import org.deeplearning4j.arbiter.optimize.api.ParameterSpace;

import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Wraps Arbiter's random or grid generator for a resumable, bounded sweep. The wrapped generator produces the same
 * sequence in every invocation (grid: sequential order; random: seeded), so candidate {@code k} is the same point
 * each time; this generator passes on only the candidates whose index is below the budget's limit and not already
 * finished in results.csv. Arbiter's runner asks for new candidates whenever a slot is free, so the limit here,
 * not {@code MaxCandidatesCondition}, is what keeps parallel candidates from overrunning the budget. A candidate
 * whose values could not be generated is reported to {@code onGenerationFailure} and skipped (Arbiter's runner
 * would count it nowhere).
 */
public final class ResumingCandidateGenerator implements CandidateGenerator {
    private final CandidateGenerator delegate;
    private final Set<Integer> finished;
    private final long limit;
    private final BiConsumer<Candidate, Exception> onGenerationFailure;
    private Candidate next;
    private boolean exhausted;

    /**
     * @param delegate            Arbiter's generator
     * @param finished            candidate indices not to run again
     * @param limit               candidates with an index from this on are not run (Long.MAX_VALUE: no limit)
     * @param onGenerationFailure told about candidates whose values could not be generated
     */
    public ResumingCandidateGenerator(CandidateGenerator delegate, Set<Integer> finished, long limit,
                                      BiConsumer<Candidate, Exception> onGenerationFailure) {
        this.delegate = delegate;
        this.finished = Set.copyOf(finished);
        this.limit = limit;
        this.onGenerationFailure = onGenerationFailure;
    }

    @Override
    public synchronized boolean hasMoreCandidates() {
        advance();
        return next != null;
    }

    @Override
    public synchronized Candidate getCandidate() {
        advance();
        if (next == null) throw new NoSuchElementException("no candidate left");
        Candidate c = next;
        next = null;
        return c;
    }

    private void advance() {
        while (next == null && !exhausted) {
            if (!delegate.hasMoreCandidates()) {
                exhausted = true;
                return;
            }
            Candidate c = delegate.getCandidate();
            if (c.getIndex() >= limit) {
                exhausted = true;
                return;
            }
            if (finished.contains(c.getIndex())) continue;
            if (c.getException() != null) {
                onGenerationFailure.accept(c, c.getException());
                continue;
            }
            next = c;
        }
    }

    @Override
    public void reportResults(OptimizationResult result) {
        delegate.reportResults(result);
    }

    @Override
    public ParameterSpace<?> getParameterSpace() {
        return delegate.getParameterSpace();
    }

    @Override
    public void setRngSeed(long rngSeed) {
        delegate.setRngSeed(rngSeed);
    }

    @Override
    public Class<?> getCandidateType() {
        return delegate.getCandidateType();
    }
}
