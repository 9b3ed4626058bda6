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
 * <b>The candidate's graph comes from Arbiter's {@code ComputationGraphSpace}</b> ({@link org.zoolab.sweep.ZooGraphSpace}):
 * the zoo graph, built for the data as {@code zoolab train} builds it, becomes a {@code ComputationGraphSpace} in which
 * every layer is Arbiter's matching layer space with its values fixed ({@code ConvolutionLayerSpace},
 * {@code SubsamplingLayerSpace}, {@code BatchNormalizationSpace}, {@code DenseLayerSpace}, {@code OutputLayerSpace},
 * {@code DropoutLayerSpace}, {@code ActivationLayerSpace}, {@code GlobalPoolingLayerSpace},
 * {@code LocalResponseNormalizationLayerSpace}), the other vertices (merge, element-wise, preprocessors) are added as
 * they are, and the zoo builder's global updater, L2, activation and initialisation (which a parameter-free dropout
 * layer carries unchanged) are the space's global settings.
 * The dropout layers take the sweep's {@code dropout} leaf (the same leaf index as in
 * {@link org.zoolab.sweep.ExperimentSpace}), and {@code getValue} at the candidate's point generates the graph the
 * candidate trains. Arbiter 1.0.0-beta7 was compiled against DL4J beta7; on 1.0.0-M2.1 every layer space used here
 * links and generates the zoo layer exactly: for every classifier in the zoo the generated graph equals the zoo
 * graph (vertex by vertex and as a whole); LeNet-5's and ResNet-20's initialise to the zoo graph's weights from the
 * same seed and take a training step ({@code ZooGraphSpaceTest}); Arbiter has no layer space for deconvolution, cropping or the per-pixel loss of
 * U-Net and the DCGAN, which are carried as {@code FixedLayerSpace}s. Each generated graph is checked against the
 * zoo graph with the candidate's recipe applied, which is what {@code zoolab train --experiment} builds from the
 * candidate's experiment. Arbiter's own {@code ComputationGraphTaskCreator} is still not used: it trains with
 * Arbiter's fit loop and early stopping, whereas a candidate is a zoolab run (recipe schedule, checkpoints,
 * metrics.csv, resumable).
 * <p>
 * <b>Dropout</b> ({@code dropout} in the space) is the DROP probability p, as the papers write it ("dropout 0.5" drops
 * half of the activations); DL4J's {@code Dropout(x)} takes the RETAIN probability, so the model's dropout layers get
 * {@code Dropout(1 - p)}, and p = 0 removes them. It sets every dropout position of the model (AlexNet's and VGG's
 * fc dropout, GoogLeNet's final and auxiliary dropout, U-Net's bottom dropout); a sweep file that puts it on a model
 * without dropout layers (LeNet-5, the MLPs, the ResNets) is refused, naming the model. The candidate's experiment
 * carries it as its recipe's {@code dropout} ({@link org.zoolab.train.Recipe#withDropout}), so
 * {@code best/experiment.yaml} reproduces the best candidate's graph.
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
