/**
 * Hyperparameter sweeps on Arbiter 1.0.0-beta7: a search space declared in YAML ({@link org.zoolab.sweep.SweepFile}),
 * random and grid generators, a budget, resumable runs, {@code results.csv}, the best candidate's experiment and
 * model, and plots ({@code org.zoolab.viz.SweepPlots}).
 * <p>
 * <b>Which parts of Arbiter, and why.</b> A candidate here is a zoolab experiment: any zoo model built from its
 * YAML table, trained with a recipe from {@code recipes.yaml} by zoolab's {@link org.zoolab.train.Trainer} into an
 * ordinary run directory. The sweep therefore uses Arbiter's generic machinery &mdash; parameter spaces
 * ({@code ContinuousParameterSpace} with a uniform or {@code LogUniformDistribution}, {@code IntegerParameterSpace},
 * {@code DiscreteParameterSpace}, {@code FixedValue}) combined in {@link org.zoolab.sweep.ExperimentSpace}, the
 * {@code RandomSearchGenerator} and {@code GridSearchCandidateGenerator}, {@code OptimizationConfiguration},
 * {@code LocalOptimizationRunner}, {@code MaxCandidatesCondition} and {@code MaxTimeCondition} &mdash; with zoolab's
 * implementations of Arbiter's extension points: the task creator ({@link org.zoolab.sweep.ExperimentTaskCreator}),
 * the data source class ({@link org.zoolab.sweep.SweepDataSource}), the score function
 * ({@link org.zoolab.sweep.ValidationScoreFunction}) and the model saver ({@link org.zoolab.sweep.CandidateModelSaver}).
 * <p>
 * Arbiter's {@code ComputationGraphSpace} (and its {@code ComputationGraphTaskCreator}) is not the path: it builds
 * a graph from layer spaces declared in Arbiter's Java API, so a zoo model would have to be re-declared layer by
 * layer, and its global updater and L2 only fill in layer fields that are unset, whereas a zoo graph comes with
 * its paper's settings and zoolab applies the recipe (optimizer, rate, schedule, momentum, L2, decoupled weight
 * decay) afterwards, in {@link org.zoolab.train.Recipe#applyTo}. Learning rate, momentum and weight decay are
 * recipe keys, so they are swept as experiment keys; a candidate's complete experiment is then also what
 * {@code zoolab train --experiment} takes, which a {@code ComputationGraphSpace} candidate could not give.
 * Dropout is not sweepable yet: the experiment file has no dropout key for it to set.
 * <p>
 * <b>Arbiter pitfalls and their guards</b> (each pinned by a test):
 * <ul>
 *   <li>"ParameterSpace index has not been set": {@link org.zoolab.sweep.ExperimentSpace} indexes its leaves itself,
 *       in the generators' order.</li>
 *   <li>A grid that does not vary its parameters (DL4J issue 8751), and the beta7 grid's habit of dropping one-value
 *       leaves from the value vector (which shifts every later parameter): one-value choices become fixed values,
 *       and {@link org.zoolab.sweep.GridCheck} enumerates the grid before training and insists on every combination
 *       exactly once.</li>
 *   <li>A run that never ends: Arbiter's runner polls until a termination condition holds; a finished grid, or
 *       candidates that all fail, satisfy none of Arbiter's. {@link org.zoolab.sweep.AllCandidatesDoneCondition}
 *       ends the run when no candidate is left, {@link org.zoolab.sweep.MaxFailuresCondition} bounds failures,
 *       and {@link org.zoolab.sweep.ResumingCandidateGenerator} stops handing out candidates at the budget (the
 *       runner would otherwise start new candidates in every free slot before counting the finished ones).</li>
 *   <li>A task that throws would be counted but never recorded: the task creator catches everything and records
 *       the candidate as failed with its error.</li>
 *   <li>The grid's random order is shuffled in its constructor, before any seed can be set, so only the sequential
 *       order (reproducible, hence resumable) is offered.</li>
 * </ul>
 */
package org.zoolab.sweep;
