/**
 * Generative models and their training: Kingma &amp; Welling's variational autoencoder (ELBO in nats per image,
 * reconstruction and KL apart) and GANs (Goodfellow et al.'s MLP GAN and a DCGAN for 28x28) with alternating
 * updates, measured by LeNet-FID and class coverage. The architectures come from {@code org.zoolab.zoo}
 * ({@code VaeFamily}, {@code GanFamily}, tables in {@code zoo-configs/vae.yaml} and {@code gan.yaml}); this package
 * holds the losses, the training loops, checkpoints and measurements. Entry points:
 * {@link org.zoolab.generative.GenerativeTraining} ({@code zoolab train vae|vae-2d|gan|dcgan}) and
 * {@link org.zoolab.generative.GenerativeRun} ({@code zoolab generate}).
 *
 * <h2>Why the VAE is two DL4J graphs and our own loss, not DL4J's {@code VariationalAutoencoder} layer</h2>
 * DL4J's layer implements the same estimator (analytic KL, reparameterised samples), but:
 * <ul>
 *   <li>its Bernoulli log-likelihood applies the sigmoid, then the logarithm, and replaces infinite logarithms by
 *       0: a pixel that is 0 but predicted with probability 1 in float (logit above about 17) costs 0 nats instead
 *       of about -logit, so the reported bound is not exact where the decoder is confident; its gradient divides by
 *       {@code y(1-y)} and zeroes the NaNs at saturation. {@link org.zoolab.generative.BernoulliElbo} works on logits
 *       ({@code x l - softplus(l)}), exact and stable (a unit test pins the logit-100 case);</li>
 *   <li>it trains only as layer-wise pretraining ({@code fit} in pretrain mode) and reports one score that mixes
 *       the two terms and the weight decay, so the reconstruction and KL terms cannot be reported apart;</li>
 *   <li>the GAN needs backpropagation of an external loss through a net whose weights stay fixed anyway
 *       ({@link org.zoolab.generative.ExternalLossGraph}); the VAE uses the same mechanism: encoder and decoder
 *       are plain DL4J graphs, the sampling step sits between them, and each applies its own updater.</li>
 * </ul>
 * The hand-written backward pass is checked against finite differences of the bound for a small network in double
 * precision ({@code VaeTest}).
 *
 * <h2>GAN updates</h2>
 * {@link org.zoolab.generative.Gan}: a D step on a real and a fake minibatch (separately, as in the DCGAN
 * reference code), then a G step with the non-saturating loss, whose gradient flows back through D to its input
 * and into G; only G's updater steps, and a test compares D's parameters (batch-norm statistics included) and
 * updater state bit for bit before and after. Each net keeps its own Adam state; a checkpoint holds both.
 */
package org.zoolab.generative;
