/**
 * Generative models and their training: the variational autoencoder (ELBO in nats) and GANs (Goodfellow's MLP GAN and DCGAN) with alternating updates, LeNet-FID and class coverage.
 */
package org.zoolab.generative;
